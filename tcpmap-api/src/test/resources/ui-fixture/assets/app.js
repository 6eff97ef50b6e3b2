// The test UI's entry module: imports a sibling module relatively, as the real UI will.
import { drawGraph } from "./lib/graph.mjs";

const target = document.getElementById("graph");
fetch("/api/v1/graph")
  .then((response) => response.json())
  .then((graph) => drawGraph(target, graph))
  .catch((error) => {
    target.textContent = "cannot load the graph: " + error;
  });
