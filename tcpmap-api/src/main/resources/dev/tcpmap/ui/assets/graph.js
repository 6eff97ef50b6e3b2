// The map's model, from an /api/v1/graph answer: nodes and directed edges as the API gives them,
// with what each mode shows, and the limit that keeps a big graph usable.
import * as fmt from './format.js';

export const FAILURES = ['refused', 'reset', 'timeout', 'unreachable'];

/** Nodes shown at most unless the URL says otherwise ({@code max}); beyond it, the busiest. */
export const DEFAULT_MAX_NODES = 2000;
export const MAX_EDGES = 5000;

export function ended(edge) {
  const o = edge.outcomes ?? {};
  return (
    (o.closed ?? 0) + (o.reset ?? 0) + (o.refused ?? 0) + (o.timeout ?? 0) + (o.unknown ?? 0) +
    (o.unreachable ?? 0)
  );
}

export function failed(edge) {
  const o = edge.outcomes ?? {};
  return FAILURES.reduce((sum, k) => sum + (o[k] ?? 0), 0);
}

/** The share of ended connections that failed (0 when none ended). */
export function failureShare(edge) {
  const n = ended(edge);
  return n === 0 ? 0 : failed(edge) / n;
}

export function averageMs(edge) {
  const n = ended(edge);
  return n === 0 ? null : edge.durationMsSum / n;
}

/** What an edge weighs in a mode: its thickness and the order the limit keeps. */
export function weight(edge, mode) {
  switch (mode) {
    case 'bytes': return edge.bytesSent + edge.bytesReceived;
    case 'duration': return averageMs(edge) ?? 0;
    default: return edge.connections + ended(edge);
  }
}

export function edgeLabel(edge, mode) {
  let text;
  switch (mode) {
    case 'bytes': text = `↑${fmt.bytes(edge.bytesSent)} ↓${fmt.bytes(edge.bytesReceived)}`; break;
    case 'duration': text = `avg ${fmt.duration(averageMs(edge))} · max ${fmt.duration(edge.durationMsMax)}`; break;
    default: text = `${fmt.number(edge.connections)} conn`;
  }
  const share = failureShare(edge);
  return share > 0 ? `${text} · ${fmt.percent(share)} failed` : text;
}

/** One node's numbers in a mode, summed over the edges that touch it (shown under its name). */
export function nodeStat(totals, mode) {
  switch (mode) {
    case 'bytes': return `${fmt.bytes(totals.bytes)}`;
    case 'duration': return totals.ended ? `avg ${fmt.duration(totals.durationMsSum / totals.ended)}` : '';
    default: return `${fmt.number(totals.connections)} conn`;
  }
}

/**
 * An edge's id: its ends, port and the names its ends had on it. The API keeps apart the edges of
 * one address pair and port whose server was named differently (each connection is named by its
 * own handshake's SNI), so the names are part of what identifies it.
 */
function edgeId(e, source, target) {
  return `${source}→${target}:${e.serverPort}|${e.clientName ?? ''}|${e.serverName ?? ''}`;
}

/**
 * The model: every node and edge of the answer ({@code total}), and those shown ({@code nodes},
 * {@code edges}): all of them, or when there are more than {@code maxNodes} nodes the busiest in
 * the mode (by the weight of their edges) and the edges between them, at most {@link MAX_EDGES}.
 */
export function model(answer, mode, maxNodes = DEFAULT_MAX_NODES) {
  const nodes = answer.nodes.map((n) => ({ ...n, totals: { connections: 0, bytes: 0, ended: 0, failed: 0, durationMsSum: 0, weight: 0 } }));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = answer.edges.map((e) => {
    const source = e.clientId ?? e.client;
    const target = e.serverId ?? e.server;
    return { ...e, id: edgeId(e, source, target), source, target, weight: weight(e, mode) };
  });
  for (const e of edges) {
    for (const end of [e.source, e.target]) {
      let node = byId.get(end);
      if (!node) { // never expected: the API lists every end; shown rather than dropped
        node = { id: end, kind: 'external', title: end, name: end, totals: { connections: 0, bytes: 0, ended: 0, failed: 0, durationMsSum: 0, weight: 0 } };
        byId.set(end, node);
        nodes.push(node);
      }
      const t = node.totals;
      t.connections += e.connections;
      t.bytes += e.bytesSent + e.bytesReceived;
      t.ended += ended(e);
      t.failed += failed(e);
      t.durationMsSum += e.durationMsSum;
      t.weight += e.weight;
    }
  }
  let shownNodes = nodes;
  let shownEdges = edges;
  if (nodes.length > maxNodes) {
    shownNodes = [...nodes].sort((a, b) => b.totals.weight - a.totals.weight || (a.id < b.id ? -1 : 1)).slice(0, maxNodes);
    const kept = new Set(shownNodes.map((n) => n.id));
    shownEdges = edges.filter((e) => kept.has(e.source) && kept.has(e.target));
  }
  if (shownEdges.length > MAX_EDGES) {
    shownEdges = [...shownEdges].sort((a, b) => b.weight - a.weight).slice(0, MAX_EDGES);
  }
  return { nodes: shownNodes, edges: shownEdges, total: { nodes: nodes.length, edges: edges.length }, byId };
}
