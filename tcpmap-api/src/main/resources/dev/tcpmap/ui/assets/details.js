// The side panel: a node's or an edge's numbers, the connections behind it and their TLS facts.
import * as api from './api.js';
import * as fmt from './format.js';
import { FAILURES, averageMs, ended, failed, failureShare } from './graph.js';

const esc = fmt.esc;
const OUTCOMES = ['closed', 'open', 'refused', 'reset', 'timeout', 'unknown', 'unreachable'];
const RECENT = 200;
/** Bounds of the duration distribution's buckets, in ms. */
const BUCKETS = [1, 10, 100, 1000, 10000, 60000];

function row(name, value, cls = '') {
  return `<tr><th>${esc(name)}</th><td class="num ${cls}">${value}</td></tr>`;
}

function outcomesTable(o) {
  const total = OUTCOMES.reduce((s, k) => s + (o[k] ?? 0), 0);
  return `<table class="outcomes"><tr><th>outcome</th><th class="num">connections</th><th class="num">share</th></tr>${OUTCOMES.map((k) => {
    const n = o[k] ?? 0;
    const cls = FAILURES.includes(k) && n > 0 ? 'bad' : '';
    return `<tr data-outcome="${k}"><td class="${cls}">${k}</td><td class="num ${cls}">${fmt.number(n)}</td><td class="num">${total ? fmt.percent(n / total) : '–'}</td></tr>`;
  }).join('')}</table>`;
}

function totals(edge) {
  return `<table>${[
    row('connections opened', fmt.number(edge.connections)),
    row('failed', `${fmt.number(failed(edge))} (${fmt.percent(failureShare(edge))} of ${fmt.number(ended(edge))} ended)`, failed(edge) ? 'bad' : ''),
    row('bytes client → server', fmt.bytes(edge.bytesSent)),
    row('bytes server → client', fmt.bytes(edge.bytesReceived)),
    row('duration average', fmt.duration(averageMs(edge))),
    row('duration max', fmt.duration(edge.durationMsMax)),
    row('persistent (long-lived)', fmt.number(edge.persistent)),
    row('first seen', esc(fmt.time(edge.firstSeen))),
    row('last seen', esc(fmt.time(edge.lastSeen))),
    ...(edge.members ? [row('pod-level edges merged', fmt.number(edge.members))] : []),
  ].join('')}</table>`;
}

function sum(edges) {
  const t = { connections: 0, outcomes: {}, persistent: 0, bytesSent: 0, bytesReceived: 0, durationMsSum: 0, durationMsMax: 0, firstSeen: null, lastSeen: null };
  for (const e of edges) {
    t.connections += e.connections;
    t.persistent += e.persistent;
    t.bytesSent += e.bytesSent;
    t.bytesReceived += e.bytesReceived;
    t.durationMsSum += e.durationMsSum;
    t.durationMsMax = Math.max(t.durationMsMax, e.durationMsMax);
    for (const k of OUTCOMES) t.outcomes[k] = (t.outcomes[k] ?? 0) + (e.outcomes?.[k] ?? 0);
    if (e.firstSeen && (!t.firstSeen || e.firstSeen < t.firstSeen)) t.firstSeen = e.firstSeen;
    if (e.lastSeen && (!t.lastSeen || e.lastSeen > t.lastSeen)) t.lastSeen = e.lastSeen;
  }
  return t;
}

function peers(title, edges, end, byId) {
  if (!edges.length) return '';
  const sorted = [...edges].sort((a, b) => b.connections - a.connections);
  return `<h3>${esc(title)} (${edges.length})</h3><table><tr><th>peer</th><th class="num">port</th><th class="num">conn</th><th class="num">failed</th><th class="num">bytes</th></tr>${sorted.map((e) => {
    const peer = byId.get(e[end]);
    const f = failed(e);
    return `<tr><td><button type="button" class="link" data-select="edge" data-id="${esc(e.id)}">${esc(peer?.title ?? e[end])}</button></td><td class="num">${e.serverPort}</td><td class="num">${fmt.number(e.connections)}</td><td class="num ${f ? 'bad' : ''}">${f ? fmt.percent(failureShare(e)) : '0'}</td><td class="num">${fmt.bytes(e.bytesSent + e.bytesReceived)}</td></tr>`;
  }).join('')}</table>`;
}

function identity(node) {
  const rows = [row('kind', esc(node.kind))];
  if (node.ip) rows.push(row('IP', esc(node.ip)));
  if (node.name && node.name !== node.title) rows.push(row('name', esc(node.name)));
  if (node.namespace) rows.push(row('namespace', esc(node.namespace)));
  if (node.workload) rows.push(row('workload', esc(`${node.workload.kind}/${node.workload.name}`)));
  if (node.node) rows.push(row('Kubernetes node', esc(node.node)));
  return `<table>${rows.join('')}</table>`;
}

function backends(node) {
  if (node.kind !== 'service' || !node.backends) return '';
  if (!node.backends.length) return '<h3>Backends</h3><p class="muted">No EndpointSlice names a workload behind this Service.</p>';
  return `<h3>Backends</h3><table><tr><th>workload</th><th class="num">ready</th><th class="num">endpoints</th></tr>${node.backends.map((b) => `<tr><td>${esc(b.workload.kind)}/${esc(b.workload.name)}</td><td class="num">${b.ready}</td><td class="num">${b.endpoints}</td></tr>`).join('')}</table><p><button type="button" data-expand="${esc(node.id)}">Show backends on the map</button></p>`;
}

export function nodeHtml(node, model) {
  const outgoing = model.edges.filter((e) => e.source === node.id);
  const incoming = model.edges.filter((e) => e.target === node.id);
  const all = sum([...outgoing, ...incoming]);
  const kind = node.kind === 'external' ? 'external (outside the cluster and the host)' : node.kind;
  return `<h2>${esc(node.title ?? node.id)}</h2><p class="muted">${esc(kind)}</p>${identity(node)}${backends(node)}
    <h3>All its connections</h3>${totals(all)}${outcomesTable(all.outcomes)}
    ${peers('Clients (connect to it)', incoming, 'source', model.byId)}
    ${peers('Servers (it connects to)', outgoing, 'target', model.byId)}
    <div id="recent" data-for="${esc(node.id)}"></div>`;
}

export function edgeHtml(edge, model) {
  const client = model.byId.get(edge.source);
  const server = model.byId.get(edge.target);
  return `<h2>${esc(edge.clientName ?? client?.title ?? edge.source)} → ${esc(edge.serverName ?? server?.title ?? edge.target)}:${edge.serverPort}</h2>
    <p><button type="button" class="link" data-select="node" data-id="${esc(edge.source)}">client</button> ·
       <button type="button" class="link" data-select="node" data-id="${esc(edge.target)}">server</button></p>
    ${totals(edge)}<h3>Outcomes</h3>${outcomesTable(edge.outcomes)}<div id="recent" data-for="${esc(edge.id)}"></div>`;
}

function distribution(records) {
  const counts = new Array(BUCKETS.length + 1).fill(0);
  for (const r of records) {
    let i = BUCKETS.findIndex((b) => r.durationMs < b);
    if (i < 0) i = BUCKETS.length;
    counts[i]++;
  }
  const max = Math.max(1, ...counts);
  const names = BUCKETS.map((b, i) => `${i ? fmt.duration(BUCKETS[i - 1]) : '0'}–${fmt.duration(b)}`).concat(`≥ ${fmt.duration(BUCKETS.at(-1))}`);
  return `<div class="bars">${counts.map((c, i) => `<span>${names[i]}</span><div class="bar" style="width:${(100 * c) / max}%"></div><span class="num">${c}</span>`).join('')}</div>`;
}

/** Each connection's start as a tick, red for a failure: when the failures happened. */
function timeline(records) {
  const times = records.map((r) => Date.parse(r.start));
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const x = (t) => (hi > lo ? 4 + (392 * (t - lo)) / (hi - lo) : 200);
  const ticks = records.map((r, i) => {
    const bad = FAILURES.includes(r.outcome);
    return `<line x1="${x(times[i]).toFixed(1)}" x2="${x(times[i]).toFixed(1)}" y1="${bad ? 2 : 10}" y2="28" stroke="var(${bad ? '--bad' : '--ok'})" stroke-width="1.5"/>`;
  });
  return `<svg class="timeline" viewBox="0 0 400 30" preserveAspectRatio="none" role="img" aria-label="connection starts over time, failures taller and red">${ticks.join('')}</svg>
    <p class="muted">${esc(fmt.time(lo))} – ${esc(fmt.time(hi))}</p>`;
}

// The container tells an application from its sidecar: one pod, one IP, two processes.
function process(p) {
  if (!p) {
    return '';
  }
  const container = p.container ? ` <span class="muted" title="container">[${esc(p.container)}]</span>` : '';
  return `${esc(p.command)} (${p.pid})${container}`;
}

function recentTable(records) {
  return `<table class="recent"><tr><th>start</th><th>client</th><th>server</th><th>outcome</th><th class="num">duration</th><th class="num">bytes ↑/↓</th></tr>${records.slice(0, 50).map((r) => {
    const bad = FAILURES.includes(r.outcome) ? 'bad' : '';
    const extra = [r.retransmits ? `${r.retransmits} retransmits` : '', r.srttMicros ? `RTT ${fmt.duration(r.srttMicros / 1000)}` : ''].filter(Boolean).join(', ');
    return `<tr><td>${esc(fmt.time(r.start))}</td><td>${esc(r.client)}:${r.clientPort} ${process(r.clientProcess)}</td><td>${esc(r.server)}:${r.serverPort} ${process(r.serverProcess)}</td><td class="${bad}">${esc(r.outcome)}${extra ? `<br><span class="muted">${esc(extra)}</span>` : ''}</td><td class="num">${fmt.duration(r.durationMs)}</td><td class="num">${fmt.bytes(r.bytesSent)} / ${fmt.bytes(r.bytesReceived)}</td></tr>`;
  }).join('')}</table>`;
}

function tlsTable(handshakes) {
  if (!handshakes.length) return '';
  return `<h3>TLS (${handshakes.length})</h3><table><tr><th>server name</th><th>version</th><th>cipher</th><th>JA4</th><th>certificate</th></tr>${handshakes.slice(0, 20).map((h) => {
    const leaf = h.certificate?.chain?.[0];
    const cert = leaf ? `${esc(leaf.subject)}<br><span class="muted">until ${esc(fmt.time(leaf.notAfter))}</span>` : '<span class="muted">none seen</span>';
    return `<tr><td>${esc(h.sni ?? '–')}</td><td>${esc(h.version ?? '–')}</td><td>${esc(h.cipherSuite ?? '–')}</td><td><code>${esc(h.ja4 ?? '')}</code></td><td>${cert}</td></tr>`;
  }).join('')}</table>`;
}

/**
 * Fills the panel's "recent" part: the connections (and TLS handshakes) behind a pod-level node
 * or edge, asked of /api/v1/connections and /api/v1/tls with the end's IP as an exact include;
 * {@code query} is the window and the filter box's expression (the connections behind an edge of a
 * filtered map are those that pass).
 */
export async function loadRecent(target, kind, item, model, query, signal) {
  const { filter, ...span } = query;
  const ends = kind === 'edge' ? [model.byId.get(item.source), model.byId.get(item.target)] : [item];
  const ip = ends.map((n) => n?.ip).find(Boolean);
  if (!ip) {
    target.innerHTML = '<h3>Recent connections</h3><p class="muted">Grouped ends have no single address: group by pod to see the connections behind this.</p>';
    return;
  }
  const answer = await api.get('connections', { ...span, filter, include: api.exactly(ip), limit: RECENT }, signal);
  const mine = (r) => kind === 'edge'
    ? r.client === model.byId.get(item.source)?.ip && r.server === model.byId.get(item.target)?.ip && r.serverPort === item.serverPort
    : r.client === ip || r.server === ip;
  const records = answer.connections.filter(mine);
  let tls = [];
  const hasTls = records.some((r) => r.serverPort === 443 || r.serverPort === 8443) || kind === 'node';
  if (hasTls) {
    const handshakes = await api.get('tls', { ...span, limit: 1000 }, signal);
    tls = handshakes.handshakes.filter((h) => (kind === 'edge' ? records.some((r) => r.server === h.server && r.serverPort === h.serverPort && r.client === h.client) : h.client === ip || h.server === ip));
  }
  if (!records.length) {
    target.innerHTML = '<h3>Recent connections</h3><p class="muted">No connection records in this window (the history keeps sums, not each connection).</p>' + tlsTable(tls);
    return;
  }
  const failures = records.filter((r) => FAILURES.includes(r.outcome));
  target.innerHTML = `<h3>Duration distribution (${records.length} newest)</h3>${distribution(records)}
    <h3>Timeline${failures.length ? ` (${failures.length} failed)` : ''}</h3>${timeline(records)}
    ${tlsTable(tls)}
    <h3>Recent connections</h3>${recentTable(records)}`;
}
