// The TLS and certificates view, and the status view (what is seen, what is not, and why).
import * as api from './api.js';
import * as fmt from './format.js';

const esc = fmt.esc;
const SOON_DAYS = 30;
/** Protocol versions and cipher parts no one should still negotiate (RFC 8996, RFC 7465). */
const OLD_VERSION = /^(SSL|TLS 1\.[01]$)/;
const WEAK_CIPHER = /(RC4|3DES|DES_CBC|NULL|EXPORT|MD5|_CBC_SHA$)/;

function flagged(h) {
  const reasons = [];
  if (h.version && OLD_VERSION.test(h.version)) reasons.push(`old version ${h.version}`);
  if (h.cipherSuite && WEAK_CIPHER.test(h.cipherSuite)) reasons.push(`weak cipher ${h.cipherSuite}`);
  return reasons;
}

function countBy(items, key) {
  const counts = new Map();
  for (const item of items) {
    const k = key(item);
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

export async function tls(root, span, signal) {
  const [handshakes, certificates] = await Promise.all([
    api.get('tls', { ...span, limit: 100000 }, signal),
    api.get('certificates', span, signal),
  ]);
  const hs = handshakes.handshakes;
  const byName = new Map();
  for (const h of hs) {
    const name = h.sni ?? h.serverName ?? h.server;
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name).push(h);
  }
  const names = [...byName.entries()].sort((a, b) => b[1].length - a[1].length);
  const list = (items) => items.map(([k, n]) => `${esc(k)} (${n})`).join('<br>');
  const certs = certificates.certificates;
  root.innerHTML = `<div class="view">
    <h2>TLS handshakes: ${fmt.number(handshakes.total)}${handshakes.truncated ? ` (newest ${fmt.number(hs.length)} shown)` : ''}</h2>
    ${hs.length ? '' : '<p class="muted">No TLS handshake in this window. Handshakes are seen by packet capture (a capture file, or the agent with capture on).</p>'}
    <table id="tls-names"><tr><th>server name</th><th class="num">handshakes</th><th>servers</th><th>versions</th><th>ciphers</th><th>JA4</th></tr>
    ${names.map(([name, items]) => {
      const flags = items.flatMap(flagged);
      return `<tr class="${flags.length ? 'flag' : ''}" title="${esc([...new Set(flags)].join(', '))}"><td>${esc(name)}${flags.length ? ' <span class="warn">⚠ old</span>' : ''}</td><td class="num">${fmt.number(items.length)}</td>
        <td>${list(countBy(items, (h) => `${h.serverName ?? h.server}:${h.serverPort}`))}</td><td>${list(countBy(items, (h) => h.version))}</td>
        <td>${list(countBy(items, (h) => h.cipherSuite))}</td><td><code>${list(countBy(items, (h) => h.ja4))}</code></td></tr>`;
    }).join('')}</table>
    <h3>Versions in use</h3><table><tr><th>version</th><th class="num">handshakes</th></tr>${countBy(hs, (h) => h.version ?? 'not answered').map(([v, n]) => `<tr class="${OLD_VERSION.test(v) ? 'flag' : ''}"><td>${esc(v)}</td><td class="num">${fmt.number(n)}</td></tr>`).join('')}</table>
    <h3>Ciphers in use</h3><table><tr><th>cipher suite</th><th class="num">handshakes</th></tr>${countBy(hs, (h) => h.cipherSuite ?? 'not answered').map(([c, n]) => `<tr class="${WEAK_CIPHER.test(c) ? 'flag' : ''}"><td>${esc(c)}</td><td class="num">${fmt.number(n)}</td></tr>`).join('')}</table>
    <h3>Certificates by expiry (${certs.length})</h3>
    ${certs.length ? '' : '<p class="muted">No certificate seen: TLS 1.3 hides it, and only the live agent probes servers for theirs.</p>'}
    <table id="certificates"><tr><th>subject</th><th>issuer</th><th>expires</th><th class="num">days left</th><th>servers</th><th>source</th></tr>
    ${certs.map((c) => `<tr class="${c.daysUntilExpiry < 0 ? 'expired' : c.daysUntilExpiry < SOON_DAYS ? 'flag' : ''}"><td>${esc(c.subject)}<br><span class="muted">${esc((c.sans ?? []).join(', '))}</span></td><td>${esc(c.issuer)}</td><td>${esc(fmt.time(c.notAfter))}</td>
      <td class="num ${c.daysUntilExpiry < 0 ? 'bad' : c.daysUntilExpiry < SOON_DAYS ? 'warn' : ''}">${c.daysUntilExpiry < 0 ? `expired ${-c.daysUntilExpiry} d ago` : `${c.daysUntilExpiry} d`}</td>
      <td>${c.servers.map((s) => esc(`${s.sni ?? s.server}:${s.port}`)).join('<br>')}</td><td>${esc(c.source)}</td></tr>`).join('')}</table>
  </div>`;
}

function losses(map) {
  const entries = Object.entries(map ?? {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return '<p class="ok">Nothing lost.</p>';
  return `<table id="losses"><tr><th>source/reason</th><th class="num">lost</th></tr>${entries.map(([k, n]) => `<tr><td class="bad">${esc(k)}</td><td class="num">${fmt.number(n)}</td></tr>`).join('')}</table>`;
}

function filters(state) {
  const rows = [['namespace', state.namespace], ['include', state.include], ['exclude', state.exclude], ['filter', state.filter], ['grouping', state.group], ['time range', state.range === 'custom' ? `${fmt.time(Number(state.from))} – ${state.to ? fmt.time(Number(state.to)) : 'now'}` : state.range]];
  return `<table id="filters">${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v ? esc(v) : '<span class="muted">none</span>'}</td></tr>`).join('')}</table>`;
}

function missing(graph) {
  if (!graph?.missingPeers?.length) return graph?.answeredPeers ? `<p class="ok">Every peer answered (${graph.answeredPeers.length}).</p>` : '';
  return `<table id="missing-peers"><tr><th>peer</th><th>node</th><th>address</th><th>reason</th><th>message</th></tr>${graph.missingPeers.map((p) => `<tr><td>${esc(p.name)}</td><td>${esc(p.node)}</td><td>${esc(p.address)}</td><td class="bad">${esc(p.reason)}</td><td>${esc(p.message)}</td></tr>`).join('')}</table>`;
}

/** The status view; {@code live} says whether the server runs the agent (it has /api/v1/status). */
export async function status(root, live, state, span, signal) {
  const graph = await api.get('graph', { ...span, namespace: state.namespace, include: state.include, exclude: state.exclude, filter: state.filter }, signal);
  const peers = `<h3>Peers (other agents)</h3>${missing(graph) || '<p class="muted">No peers configured: this agent answers for its own node.</p>'}`;
  if (!live) {
    root.innerHTML = `<div class="view"><h2>Serving a capture file</h2>
      <p>This server answers from a capture's connection records: there are no live sources, and nothing more will arrive.</p>
      <h3>Observations lost while reading it</h3>${losses(graph.losses)}
      <h3>Filters in effect</h3>${filters(state)}</div>`;
    return;
  }
  const s = await api.get('status', {}, signal);
  root.innerHTML = `<div class="view"><h2>Agent ${esc(s.version)}, up ${fmt.duration(s.uptimeSeconds * 1000)}</h2>
    <p class="muted">started ${esc(fmt.time(s.startedAt))}</p>
    <h3>Sources</h3><table id="sources"><tr><th>source</th><th>state</th><th>message</th></tr>${s.sources.map((src) => `<tr><td>${esc(src.name)}</td><td class="${src.state === 'running' ? 'ok' : src.state === 'degraded' ? 'warn' : 'bad'}">${esc(src.state)}</td><td>${esc(src.message)}</td></tr>`).join('')}</table>
    <h3>Losses by reason (since start)</h3>${losses(s.losses)}
    <h3>Events received</h3><table id="events">${Object.entries(s.events).map(([k, n]) => `<tr><th>${esc(k)}</th><td class="num">${fmt.number(n)}</td></tr>`).join('')}</table>
    <h3>Connections</h3><table>${Object.entries(s.connections).map(([k, n]) => `<tr><th>${esc(k)}</th><td class="num">${fmt.number(n)}</td></tr>`).join('')}</table>
    ${peers}
    <h3>Filters in effect</h3>${filters(state)}</div>`;
}
