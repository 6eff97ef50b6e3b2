// Draws nodes as a list: enough to have a second module behind the first.
export function drawGraph(target, graph) {
  const list = document.createElement("ul");
  for (const node of graph.nodes ?? []) {
    const item = document.createElement("li");
    item.textContent = node.name ?? node.id;
    list.appendChild(item);
  }
  target.replaceChildren(list);
}
