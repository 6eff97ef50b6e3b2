// The page: reads the state from the URL, asks the API, and shows the map, the TLS view or the
// status view. window.tcpmap exposes the drawn graph and the load count (for tests and people).
import * as api from './api.js';
import * as fmt from './format.js';
import { DEFAULT_MAX_NODES, model as buildModel } from './graph.js';
import { createMap } from './map.js';
import { edgeHtml, loadRecent, nodeHtml } from './details.js';
import * as State from './state.js';
import * as views from './views.js';

const LIVE_EVERY_MS = 5000;
const RETRY_EVERY_MS = 5000;
const $ = (id) => document.getElementById(id);

let state = State.read();
let model = null;
let about = null;
let loads = 0;
let inFlight = null;
let timer = null;
let matches = [];
let matchIndex = -1;
const map = createMap($('map'), {
  select: (kind, id) => select(kind, id),
  describe: (id) => model?.byId.get(id),
});

function setState(next, { push = false, reload = true } = {}) {
  state = { ...state, ...next };
  State.write(state, push);
  controlsFromState();
  if (reload) refresh();
}

function controlsFromState() {
  for (const id of ['range', 'mode', 'group', 'namespace', 'include', 'exclude', 'filter']) $(id).value = state[id];
  $('search').value = state.q;
  $('live').checked = state.live === '1';
  $('custom-range').hidden = state.range !== 'custom';
  $('from').value = state.from ? localInput(Number(state.from)) : '';
  $('to').value = state.to ? localInput(Number(state.to)) : '';
  for (const b of document.querySelectorAll('nav button')) {
    b.setAttribute('aria-current', b.dataset.view === state.view ? 'page' : 'false');
  }
  for (const s of document.querySelectorAll('main > section')) s.hidden = s.dataset.view !== state.view;
  for (const el of document.querySelectorAll('.map-only')) el.hidden = state.view !== 'map';
}

function localInput(ms) {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
  return d.toISOString().slice(0, 19);
}

function controlsToState() {
  const next = {};
  for (const id of ['range', 'mode', 'group', 'namespace', 'include', 'exclude', 'filter']) next[id] = $(id).value.trim();
  next.q = $('search').value.trim();
  next.live = $('live').checked ? '1' : '';
  if (next.range === 'custom') {
    next.from = $('from').value ? String(new Date($('from').value).getTime()) : '';
    next.to = $('to').value ? String(new Date($('to').value).getTime()) : '';
  } else {
    next.from = '';
    next.to = '';
  }
  return next;
}

function overlay(kind, html) {
  document.body.dataset.state = kind;
  const box = $('overlay');
  box.hidden = !html;
  box.innerHTML = html ? `<div class="box" id="${kind}">${html}</div>` : '';
}

function schedule() {
  clearTimeout(timer);
  if (state.live === '1' || document.body.dataset.state === 'unreachable') {
    const every = document.body.dataset.state === 'unreachable' ? RETRY_EVERY_MS : LIVE_EVERY_MS;
    timer = setTimeout(() => { if (!document.hidden) refresh(); else schedule(); }, every);
  }
}

/**
 * Offers only the grouping levels this server answers (`tcpmap query` reads workload series, which
 * know no pods); a view asking for another one moves to the first it has.
 */
function allowGroups() {
  const groups = about?.groups ?? State.GROUPS;
  for (const option of $('group').options) option.disabled = !groups.includes(option.value);
  if (!groups.includes(state.group)) {
    state.group = groups[0];
    $('group').value = state.group;
    State.write(state);
  }
  return groups;
}

async function refresh() {
  inFlight?.abort();
  const controller = new AbortController();
  inFlight = controller;
  const span = State.timeWindow(state);
  try {
    about ??= await api.get('about', {}, controller.signal);
    allowGroups();
    if (state.view === 'map') await showMap(span, controller.signal);
    else if (state.view === 'tls') { await views.tls($('tls-view'), span, controller.signal); overlay('ready', ''); }
    else { await views.status($('status-view'), about.status, state, span, controller.signal); overlay('ready', ''); }
    footer(span);
  } catch (e) {
    if (controller.signal.aborted) return;
    if (e instanceof api.Unreachable) {
      about = null;
      overlay('unreachable', `<h2>API unreachable</h2><p>${fmt.esc(location.origin)} does not answer (${fmt.esc(e.message)}). Is tcpmap still running? Trying again every ${RETRY_EVERY_MS / 1000} s.</p>`);
    } else if (e instanceof api.ApiError) {
      overlay('error', `<h2>The API refused this view</h2><p>${fmt.esc(e.message)}</p><p class="muted">Check the filters: namespace, include and exclude are <a href="https://github.com/google/re2/wiki/Syntax">RE2</a> regular expressions; the filter box is an expression over each connection (see the filter language in docs/api.md).</p>`);
    } else {
      throw e;
    }
  } finally {
    if (inFlight === controller) {
      inFlight = null;
      loads++;
      document.body.dataset.loads = String(loads);
      schedule();
    }
  }
}

async function showMap(span, signal) {
  const answer = await api.get('graph', {
    ...span, group: state.group, namespace: state.namespace, include: state.include, exclude: state.exclude,
    filter: state.filter,
  }, signal);
  performance.mark('tcpmap:answer');
  const max = Number(state.max) > 0 ? Number(state.max) : DEFAULT_MAX_NODES;
  model = buildModel(answer, state.mode, max);
  map.render(model, state.mode, state.group);
  performance.mark('tcpmap:drawn'); // marks for bench/ui.sh: where the time of a load goes
  const shown = model.nodes.length < model.total.nodes || model.edges.length < model.total.edges;
  $('banner').hidden = !shown;
  $('banner').textContent = shown ? `showing ${fmt.number(model.nodes.length)} of ${fmt.number(model.total.nodes)} nodes and ${fmt.number(model.edges.length)} of ${fmt.number(model.total.edges)} edges: the busiest by ${state.mode} (group by workload or namespace, or filter, to see the rest)` : '';
  legend(answer);
  if (!model.total.nodes) {
    const filtered = state.namespace || state.include || state.exclude || state.filter || state.range !== 'all';
    overlay('empty', `<h2>No connections ${filtered ? 'match this view' : 'yet'}</h2><p>${filtered
      ? 'Nothing in this time range passes the filters. Widen the time range (try <em>All time</em>) or clear the namespace, include, exclude and filter boxes.'
      : 'tcpmap has not seen a TCP connection yet. Connections appear here as they open and close; turn on <em>Live</em> to follow them.'}</p>`);
  } else {
    overlay('ready', '');
  }
  matches = map.search(state.q);
  matchIndex = -1;
  if (state.sel) showSelection();
  else $('details').hidden = true;
}

function legend(answer) {
  const kinds = [...new Set(answer.nodes.map((n) => n.kind))].sort();
  $('legend').innerHTML = kinds.map((k) => `<span><i style="background:var(--${k})"></i>${k}</span>`).join('') +
    '<span><i style="background:var(--bad)"></i>failed connections</span>';
}

function footer(span) {
  const from = span.from ? fmt.time(Number(span.from)) : 'the beginning';
  const to = span.to ? fmt.time(Number(span.to)) : 'now';
  $('footer').innerHTML = `${fmt.esc(from)} – ${fmt.esc(to)}${state.live === '1' ? ' · live' : ''} · ${about?.status ? 'live agent' : 'capture file'} · keys: <kbd>/</kbd> search <kbd>m</kbd> <kbd>t</kbd> <kbd>s</kbd> views <kbd>g</kbd> group <kbd>1</kbd><kbd>2</kbd><kbd>3</kbd> mode <kbd>l</kbd> live <kbd>r</kbd> refresh <kbd>f</kbd> fit <kbd>Esc</kbd> close`;
}

let detailsController = null;

function select(kind, id) {
  setState({ sel: kind ? `${kind}:${id}` : '' }, { reload: false });
  showSelection();
}

function showSelection() {
  const panel = $('details');
  const colon = state.sel.indexOf(':');
  const kind = state.sel.slice(0, colon);
  const id = state.sel.slice(colon + 1);
  const item = kind === 'node' ? model?.byId.get(id) : model?.edges.find((e) => e.id === id);
  if (!item) {
    panel.hidden = true;
    map.select('');
    return;
  }
  map.select(id);
  panel.hidden = false;
  panel.dataset.kind = kind;
  panel.dataset.id = id;
  panel.innerHTML = `<button type="button" class="close" title="Close (Esc)" aria-label="close">✕</button>${kind === 'node' ? nodeHtml(item, model) : edgeHtml(item, model)}`;
  const expand = panel.querySelector('button[data-expand]');
  if (expand && map.isExpanded(expand.dataset.expand)) expand.textContent = 'Hide backends';
  detailsController?.abort();
  detailsController = new AbortController();
  const recent = panel.querySelector('#recent');
  recent.innerHTML = '<p class="muted">Loading the connections behind it…</p>';
  loadRecent(recent, kind, item, model, { ...State.timeWindow(state), filter: state.filter }, detailsController.signal).then(
    () => { panel.dataset.loaded = state.sel; },
    (e) => { if (!detailsController.signal.aborted) recent.innerHTML = `<p class="bad">${fmt.esc(e.message)}</p>`; });
}

$('details').addEventListener('click', (e) => {
  const target = e.target.closest('button');
  if (!target) return;
  if (target.classList.contains('close')) select('', '');
  else if (target.dataset.select) { select(target.dataset.select, target.dataset.id); map.focus(target.dataset.id); }
  else if (target.dataset.expand) {
    const node = model.byId.get(target.dataset.expand);
    target.textContent = map.expand(node.id, node.backends) ? 'Hide backends' : 'Show backends on the map';
  }
});

$('controls').addEventListener('submit', (e) => {
  e.preventDefault();
  setState(controlsToState());
});
for (const id of ['range', 'mode', 'group', 'live', 'from', 'to']) {
  $(id).addEventListener('change', () => setState(controlsToState()));
}
$('search').addEventListener('input', () => {
  state.q = $('search').value.trim();
  State.write(state);
  matches = map.search(state.q);
  matchIndex = -1;
});
$('search').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && matches.length) {
    e.preventDefault();
    matchIndex = (matchIndex + 1) % matches.length;
    map.focus(matches[matchIndex]);
    select('node', matches[matchIndex]);
  }
});
for (const b of document.querySelectorAll('nav button')) {
  b.addEventListener('click', () => setState({ view: b.dataset.view }, { push: true }));
}
window.addEventListener('popstate', () => { state = State.read(); controlsFromState(); refresh(); });
window.addEventListener('resize', () => map.resize());
document.addEventListener('visibilitychange', () => { if (!document.hidden && state.live === '1') refresh(); });

const KEYS = {
  m: () => setState({ view: 'map' }, { push: true }),
  t: () => setState({ view: 'tls' }, { push: true }),
  s: () => setState({ view: 'status' }, { push: true }),
  g: () => { const groups = allowGroups(); setState({ group: groups[(groups.indexOf(state.group) + 1) % groups.length] }); },
  1: () => setState({ mode: 'connections' }),
  2: () => setState({ mode: 'bytes' }),
  3: () => setState({ mode: 'duration' }),
  l: () => setState({ live: state.live === '1' ? '' : '1' }),
  r: () => refresh(),
  f: () => map.fit(),
  '/': () => $('search').focus(),
};
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') {
    if (document.activeElement?.matches('input')) document.activeElement.blur();
    else select('', '');
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey || document.activeElement?.matches('input, select, textarea')) return;
  const action = KEYS[e.key];
  if (action) { e.preventDefault(); action(); }
});

window.tcpmap = {
  graph: () => ({ ...map.graph(), total: model?.total ?? { nodes: 0, edges: 0 }, mode: state.mode, group: state.group }),
  state: () => ({ ...state }),
  loads: () => loads,
  cy: map.cy,
};

controlsFromState();
refresh();
