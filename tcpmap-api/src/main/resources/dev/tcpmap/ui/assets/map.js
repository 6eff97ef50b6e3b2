// The map: Cytoscape.js drawing the model, with a layout that stays put. A node keeps the position
// it was given (across refreshes, and across reloads through localStorage); only new nodes are
// placed: next to a placed neighbour when they have one, else laid out by fcose on their own.
import { edgeLabel, failureShare, nodeStat } from './graph.js';

const SHAPES = {
  pod: 'ellipse', service: 'diamond', node: 'round-rectangle', external: 'hexagon',
  process: 'round-tag', workload: 'round-octagon', namespace: 'barrel',
};
/**
 * Up to this many nodes are laid out by fcose (force-directed: readable, but its cost grows fast:
 * 600 nodes took 25 s on a loaded 2-CPU machine); more are placed by {@link clusters} in linear
 * time, one spiral per namespace.
 */
const FORCE_LAYOUT_NODES = 150;
/** Above this many edges, edges are drawn straight and without labels (a label shows on select). */
const BIG_EDGES = 800;
const SPACING = 60;
const SAVED_POSITIONS = 5000;

function colors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name) => css.getPropertyValue(`--${name}`).trim();
  const names = ['fg', 'muted', 'bg', 'panel', 'accent', 'bad', 'ok', 'edge', 'match', ...Object.keys(SHAPES)];
  return Object.fromEntries(names.map((n) => [n, v(n)]));
}

function style(c) {
  const kinds = Object.keys(SHAPES).map((kind) => ({
    selector: `node[kind = "${kind}"]`,
    style: { shape: SHAPES[kind], 'background-color': c[kind] },
  }));
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)', 'text-wrap': 'wrap', 'text-max-width': '160px', 'font-size': 10,
        color: c.fg, 'text-valign': 'bottom', 'text-margin-y': 3, 'min-zoomed-font-size': 7,
        width: 'data(size)', height: 'data(size)', 'background-color': c.external,
        'pie-size': '62%', 'pie-1-background-color': c.ok, 'pie-1-background-size': 'data(okPct)',
        'pie-2-background-color': c.bad, 'pie-2-background-size': 'data(badPct)',
        'border-width': 1, 'border-color': c.bg,
      },
    },
    ...kinds,
    { selector: 'node[kind = "external"]', style: { 'border-width': 2, 'border-style': 'dashed', 'border-color': c.external, 'background-opacity': 0.55 } },
    { selector: 'node.backend', style: { shape: 'round-octagon', 'background-color': c.workload, 'background-opacity': 0.5, 'border-style': 'dotted', 'border-width': 2, 'border-color': c.service } },
    {
      selector: 'edge',
      style: {
        width: 'data(width)', 'line-color': c.edge, 'target-arrow-color': c.edge,
        'target-arrow-shape': 'triangle', 'arrow-scale': 0.8, 'curve-style': 'bezier',
        label: 'data(label)', 'font-size': 8, color: c.muted, 'text-rotation': 'autorotate',
        'min-zoomed-font-size': 9, 'text-background-color': c.bg, 'text-background-opacity': 0.7,
        'text-background-padding': '1px',
      },
    },
    { selector: 'node.big', style: { 'pie-size': '0%' } },
    { selector: 'node.big.failing', style: { 'border-width': 3, 'border-color': c.bad, 'border-style': 'solid' } },
    { selector: 'edge.big', style: { 'curve-style': 'straight', label: '' } },
    { selector: 'edge.big:selected', style: { label: 'data(label)' } },
    { selector: 'edge.failing', style: { 'line-color': c.bad, 'target-arrow-color': c.bad, color: c.bad, 'line-style': 'dashed' } },
    { selector: 'edge.backs', style: { 'line-style': 'dotted', 'line-color': c.service, 'target-arrow-color': c.service, label: '' } },
    { selector: '.dim', style: { opacity: 0.15 } },
    { selector: 'node.match', style: { 'border-width': 4, 'border-color': c.match, 'border-style': 'solid' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': c.accent, 'border-style': 'solid' } },
    { selector: 'edge:selected', style: { 'line-color': c.accent, 'target-arrow-color': c.accent, width: 'mapData(width, 0, 8, 3, 10)' } },
  ];
}

/**
 * Where a new node waits until {@code place} puts it: apart from the other new ones, because an edge
 * between two nodes on one point cannot be drawn (Cytoscape warns, "invalid endpoints").
 */
function provisional(i) {
  return { x: 10 * Math.sqrt(i) * Math.cos(i * 2.399963), y: 10 * Math.sqrt(i) * Math.sin(i * 2.399963) };
}

function nodeSize(weight, max) {
  return 18 + 30 * (max > 0 ? Math.sqrt(weight / max) : 0);
}

function edgeWidth(weight, max) {
  return 1 + 7 * (max > 0 ? Math.log1p(weight) / Math.log1p(max) : 0);
}

export function createMap(container, handlers) {
  const cy = window.cytoscape({
    container, style: style(colors()), minZoom: 0.02, maxZoom: 4,
    textureOnViewport: false, hideEdgesOnViewport: false, boxSelectionEnabled: false,
  });
  window.cytoscape.use?.(window.cytoscapeFcose);
  let positionsKey = '';
  let positions = new Map();
  const expanded = new Set(); // Services whose backends are shown

  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => cy.style(style(colors())));
  cy.on('tap', 'node', (e) => {
    const n = e.target;
    handlers.select(n.hasClass('backend') ? 'node' : 'node', n.hasClass('backend') ? n.data('service') : n.id());
  });
  cy.on('tap', 'edge', (e) => { if (!e.target.hasClass('backs')) handlers.select('edge', e.target.id()); });
  cy.on('tap', (e) => { if (e.target === cy) handlers.select('', ''); });
  cy.on('dragfree', 'node', () => save());

  function load(key) {
    if (key === positionsKey) return;
    positionsKey = key;
    try {
      positions = new Map(JSON.parse(localStorage.getItem(key) ?? '[]'));
    } catch {
      positions = new Map();
    }
  }

  function save() {
    cy.nodes().not('.backend').forEach((n) => positions.set(n.id(), n.position()));
    const entries = [...positions.entries()];
    try {
      localStorage.setItem(positionsKey, JSON.stringify(entries.slice(-SAVED_POSITIONS)));
    } catch {
      // full or disabled: positions are then kept for this page only
    }
  }

  /** Draws {@code model}; resolves once new nodes are placed. */
  function render(model, mode, group) {
    load(`tcpmap.positions.${group}`);
    const maxNode = Math.max(0, ...model.nodes.map((n) => n.totals.weight));
    const maxEdge = Math.max(0, ...model.edges.map((e) => e.weight));
    const fresh = [];
    const nodes = [];
    const edges = [];
    const big = model.edges.length > BIG_EDGES;
    const wasEmpty = cy.nodes().empty();
    cy.batch(() => {
      const wanted = new Set([...model.nodes.map((n) => n.id), ...model.edges.map((e) => e.id)]);
      cy.elements().filter((el) => !wanted.has(el.id()) && !(el.hasClass('backend') || el.hasClass('backs'))).remove();
      for (const n of model.nodes) {
        const t = n.totals;
        const data = {
          id: n.id, kind: n.kind, label: `${n.title ?? n.name ?? n.id}\n${nodeStat(t, mode)}`,
          size: nodeSize(t.weight, maxNode),
          okPct: t.ended ? (100 * (t.ended - t.failed)) / t.ended : 0,
          badPct: t.ended ? (100 * t.failed) / t.ended : 0,
        };
        // Pies cost a few arcs a node and frame: a big graph marks failures by a red border.
        const classes = big ? `big ${t.failed ? 'failing' : ''}` : '';
        const existing = cy.getElementById(n.id);
        if (existing.nonempty()) {
          existing.data(data).classes(classes);
        } else {
          const known = positions.get(n.id);
          if (!known) fresh.push(n.id);
          nodes.push({ group: 'nodes', data, classes, position: known ? { ...known } : provisional(fresh.length) });
        }
      }
      cy.add(nodes);
      for (const e of model.edges) {
        const data = {
          id: e.id, source: e.source, target: e.target, label: edgeLabel(e, mode),
          width: edgeWidth(e.weight, maxEdge),
        };
        const classes = `${failureShare(e) > 0 ? 'failing' : ''} ${big ? 'big' : ''}`;
        const existing = cy.getElementById(e.id);
        if (existing.nonempty()) existing.data(data).classes(classes);
        else edges.push({ group: 'edges', data, classes });
      }
      cy.add(edges);
    });
    redrawBackends(model);
    performance.mark('tcpmap:added');
    place(cy.collection(fresh.map((id) => cy.getElementById(id))));
    performance.mark('tcpmap:placed');
    if (wasEmpty) fit(); // a page opened on saved positions starts with all in view
    save();
  }

  function place(fresh) {
    if (fresh.empty()) return;
    const placed = cy.nodes().difference(fresh).filter((n) => !n.hasClass('backend'));
    if (placed.empty()) {
      layout(cy.elements(), true);
      fit();
      return;
    }
    const loose = [];
    fresh.forEach((n, i) => {
      const anchor = n.neighborhood('node').difference(fresh).first();
      if (anchor.nonempty()) {
        const angle = (i * 2.399963) % (2 * Math.PI); // the golden angle: new neighbours spread out
        const p = anchor.position();
        n.position({ x: p.x + 70 * Math.cos(angle), y: p.y + 70 * Math.sin(angle) });
      } else {
        loose.push(n);
      }
    });
    if (loose.length) {
      const group = cy.collection(loose);
      const box = bounds(placed);
      const side = 80 * Math.sqrt(loose.length) + 80;
      layout(group.union(group.edgesWith(group)), false, { x1: box.x2 + 80, y1: box.y1, w: side, h: side });
    }
  }

  function layout(elements, fitAll, boundingBox) {
    const n = elements.nodes().length;
    if (n === 1) {
      elements.nodes().position(boundingBox ? { x: boundingBox.x1 + 40, y: boundingBox.y1 + 40 } : { x: 0, y: 0 });
    } else if (n > FORCE_LAYOUT_NODES) {
      clusters(elements.nodes(), boundingBox ? { x: boundingBox.x1, y: boundingBox.y1 } : { x: 0, y: 0 });
    } else {
      elements.layout({
        name: 'fcose', quality: 'default', randomize: true, animate: false, fit: false,
        nodeDimensionsIncludeLabels: true, idealEdgeLength: 90, nodeRepulsion: 6000,
        numIter: 1000, packComponents: true, ...(boundingBox ? { boundingBox } : {}),
      }).run();
    }
    if (fitAll) fit();
  }

  /**
   * Linear-time placement for big graphs: the nodes of each namespace (or kind, outside
   * namespaces) on a sunflower spiral of their own, biggest first, spirals side by side in rows.
   */
  function clusters(nodes, origin) {
    const groups = new Map();
    nodes.forEach((n) => {
      const d = handlers.describe(n.id());
      const key = d?.namespace ?? `(${n.data('kind')})`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(n);
    });
    const sorted = [...groups.values()].sort((a, b) => b.length - a.length);
    const rowWidth = SPACING * 2 * Math.sqrt(nodes.length) * 1.5;
    let x = origin.x;
    let y = origin.y;
    let rowHeight = 0;
    cy.batch(() => sorted.forEach((members) => {
      const radius = SPACING * Math.sqrt(members.length) * 0.6 + SPACING;
      if (x > origin.x && x + 2 * radius > origin.x + rowWidth) {
        x = origin.x;
        y += rowHeight + SPACING;
        rowHeight = 0;
      }
      members.sort((a, b) => b.data('size') - a.data('size')).forEach((n, i) => {
        const r = SPACING * 0.6 * Math.sqrt(i);
        const angle = i * 2.399963;
        n.position({ x: x + radius + r * Math.cos(angle), y: y + radius + r * Math.sin(angle) });
      });
      x += 2 * radius + SPACING;
      rowHeight = Math.max(rowHeight, 2 * radius);
    }));
  }

  /** All in view, but not blown up: a graph of three nodes stays at a readable size. */
  function fit() {
    const box = bounds(cy.nodes());
    if (!Number.isFinite(box.w)) return;
    const pad = 40;
    const zoom = Math.max(cy.minZoom(), Math.min(1.5, (cy.width() - 2 * pad) / Math.max(box.w, 1), (cy.height() - 2 * pad) / Math.max(box.h, 1)));
    cy.viewport({ zoom, pan: { x: (cy.width() - zoom * (box.x1 + box.x2)) / 2, y: (cy.height() - zoom * (box.y1 + box.y2)) / 2 } });
  }

  /** Where nodes are, without their labels: measuring thousands of labels costs seconds. */
  function bounds(nodes) {
    return nodes.boundingBox({ includeLabels: false, includeOverlays: false, includeEdges: false });
  }

  /** Marks the nodes whose name matches {@code text}, dims the rest; the matches, in order. */
  function search(text) {
    cy.elements().removeClass('match dim');
    if (!text) return [];
    const needle = text.toLowerCase();
    const matches = cy.nodes().not('.backend').filter((n) => {
      const d = handlers.describe(n.id());
      return [d?.title, d?.name, d?.id, d?.ip, d?.namespace].some((v) => v && String(v).toLowerCase().includes(needle));
    });
    if (matches.nonempty()) {
      cy.elements().difference(matches.union(matches.connectedEdges())).addClass('dim');
      matches.addClass('match');
    }
    return matches.map((n) => n.id());
  }

  function focus(id) {
    const el = cy.getElementById(id);
    if (el.empty()) return;
    cy.elements(':selected').unselect();
    el.select();
    cy.animate({ center: { eles: el }, zoom: Math.max(cy.zoom(), 1) }, { duration: 200 });
  }

  function select(id) {
    cy.elements(':selected').unselect();
    if (id) cy.getElementById(id).select();
  }

  /** Shows the workloads behind {@code service}, or hides them when shown; true when shown. */
  function expand(service, backends) {
    if (expanded.delete(service)) {
      backendsOf(service).remove();
      return false;
    }
    expanded.add(service);
    drawBackends(service, backends);
    return true;
  }

  // By filter, not by selector: a data selector would need the id escaped the way Cytoscape
  // parses quoted values, and an IPv6 or workload id has characters that need it.
  function backendsOf(service) {
    return cy.nodes('.backend').filter((n) => n.data('service') === service);
  }

  /**
   * The backends of an expanded Service as {@code backends} lists them: kept where they are,
   * relabelled, added or removed, so that a refresh shows the latest answer's EndpointSlices.
   */
  function drawBackends(service, backends) {
    const id = (b) => `backend:${service}:${b.workload.kind}/${b.workload.name}`;
    const wanted = new Set(backends.map(id));
    backendsOf(service).filter((n) => !wanted.has(n.id())).remove();
    const p = cy.getElementById(service).position();
    cy.batch(() => backends.forEach((b, i) => {
      const data = { id: id(b), service, kind: 'workload', size: 20, okPct: 0, badPct: 0, label: `${b.workload.kind}/${b.workload.name}\n${b.ready}/${b.endpoints} ready` };
      const existing = cy.getElementById(data.id);
      if (existing.nonempty()) {
        existing.data(data);
        return;
      }
      const angle = (2 * Math.PI * i) / backends.length;
      cy.add({ group: 'nodes', classes: 'backend', data, position: { x: p.x + 60 * Math.cos(angle), y: p.y + 60 + 40 * Math.sin(angle) } });
      cy.add({ group: 'edges', classes: 'backs', data: { id: `${data.id}:backs`, source: service, target: data.id, width: 1.5, label: '' } });
    }));
  }

  /** After a refresh: each expanded Service follows the answer, or folds when it left the map. */
  function redrawBackends(model) {
    for (const service of [...expanded]) {
      const node = model.byId.get(service);
      if (node?.backends && cy.getElementById(service).nonempty()) {
        drawBackends(service, node.backends);
      } else {
        expanded.delete(service);
        backendsOf(service).remove();
      }
    }
  }

  /** What is drawn, for tests and for the page: the API's nodes and edges, and apart the backends shown. */
  function graph() {
    return {
      nodes: cy.nodes().not('.backend').map((n) => ({ id: n.id(), kind: n.data('kind'), label: n.data('label'), size: n.data('size') })),
      edges: cy.edges().not('.backs').map((e) => ({ id: e.id(), source: e.data('source'), target: e.data('target'), label: e.data('label'), width: e.data('width'), failing: e.hasClass('failing') })),
      backends: cy.nodes('.backend').map((n) => ({ id: n.id(), service: n.data('service'), label: n.data('label') })),
      backs: cy.edges('.backs').map((e) => ({ id: e.id(), source: e.data('source'), target: e.data('target') })),
    };
  }

  return { cy, render, search, focus, select, expand, isExpanded: (id) => expanded.has(id), graph, fit, resize: () => cy.resize() };
}
