"""The yardstick of the XL benchmark: python-igraph on the same ties helpflow's reports use.

Reads the tie CSV of `GET /api/v1/export?format=csv` (helper, helped, weight, interactions),
builds a directed weighted graph, runs Louvain (multilevel, on the undirected graph, weights
summed) and PageRank (weighted), and prints the seconds of each step as JSON. Without igraph it
prints {"available": false, "reason": "igraph not available"}.
"""
import csv
import json
import sys
import time

try:
    import igraph
except ImportError:
    print(json.dumps({"available": False, "reason": "igraph not available"}))
    sys.exit(0)

path = sys.argv[1]
seconds = {}
started = time.perf_counter()
with open(path, newline="", encoding="utf-8") as handle:
    rows = csv.DictReader(handle)
    edges = [(row["helper"], row["helped"], float(row["weight"])) for row in rows]
seconds["parse"] = time.perf_counter() - started

started = time.perf_counter()
graph = igraph.Graph.TupleList(edges, directed=True, weights=True)
seconds["build"] = time.perf_counter() - started

started = time.perf_counter()
undirected = graph.as_undirected(mode="collapse", combine_edges="sum")
communities = undirected.community_multilevel(weights="weight")
seconds["louvain"] = time.perf_counter() - started

started = time.perf_counter()
graph.pagerank(weights="weight")
seconds["pagerank"] = time.perf_counter() - started

print(
    json.dumps(
        {
            "available": True,
            "version": igraph.__version__,
            "people": graph.vcount(),
            "ties": graph.ecount(),
            "communities": len(communities),
            "seconds": {key: round(value, 2) for key, value in seconds.items()},
            "totalSeconds": round(sum(seconds.values()), 2),
        }
    )
)
