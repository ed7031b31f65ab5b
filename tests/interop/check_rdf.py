"""Reads `reggraph export rdf` with pyoxigraph and answers SPARQL queries.

Parses the Turtle and the N-Triples export of the same data, fails unless
they are the same graph, then prints one JSON object on stdout:

  triples      how many triples the graph has
  money        (--money-to ID) the flows and totals, as
               `reggraph money --to ID --format json` has them
  money_all    (--money-all) the same for every flow, as `reggraph money`
  milestones   (--milestones ID) the regulation's milestones, in order
  eli          (--milestones ID) its ELI dates, by property
  values       (--values ID PREDICATE_IRI ...) each literal of that
               predicate on the resource with that dcterms:identifier, with
               its language tag

Exits non-zero with a message on stderr on any problem.
"""

import argparse
import json
import sys

import pyoxigraph as ox

RG = "https://reggraph.org/ns#"
PREFIXES = f"""
PREFIX rg: <{RG}>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""


def fail(message):
    print(f"check_rdf: {message}", file=sys.stderr)
    sys.exit(1)


NT_GRAPH = ox.NamedNode("urn:reggraph-check:ntriples")


def load(store, path, format, graph):
    try:
        store.load(path=path, format=format, to_graph=graph)
    except (SyntaxError, OSError, ValueError) as error:
        fail(f"{path} does not parse as {format}: {error}")


def count(store, pattern):
    rows = list(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"))
    return int(rows[0]["n"].value)


def same_graph(store):
    """The Turtle (default graph) and the N-Triples (NT_GRAPH) triples are
    the same set: same size, and none of one missing from the other."""
    nt = f"<{NT_GRAPH.value}>"
    turtle_count = count(store, "?s ?p ?o")
    nt_count = count(store, f"GRAPH {nt} {{ ?s ?p ?o }}")
    if turtle_count != nt_count:
        fail(f"Turtle has {turtle_count} triples, N-Triples {nt_count}")
    only_turtle = list(
        store.query(
            f"SELECT * WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ GRAPH {nt} {{ ?s ?p ?o }} }} }} LIMIT 5"
        )
    )
    only_nt = list(
        store.query(
            f"SELECT * WHERE {{ GRAPH {nt} {{ ?s ?p ?o }} FILTER NOT EXISTS {{ ?s ?p ?o }} }} LIMIT 5"
        )
    )
    if only_turtle or only_nt:
        show = lambda rows: [f"{r['s']} {r['p']} {r['o']}" for r in rows]
        fail(
            "Turtle and N-Triples are not the same graph: "
            f"only in Turtle {show(only_turtle)}, only in N-Triples {show(only_nt)}"
        )
    return turtle_count


def query(store, text):
    return list(store.query(PREFIXES + text))


def value(term):
    """A SPARQL result term as JSON: None, a string, an int or a bool."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#integer":
            return int(term.value)
        if datatype == "http://www.w3.org/2001/XMLSchema#boolean":
            return term.value == "true"
        return term.value
    return term.value


def money(store, to):
    recipient = (
        f'?recipient_node dcterms:identifier "{to}" .' if to is not None else ""
    )
    flow_rows = query(
        store,
        f"""
        SELECT ?funder ?recipient ?from ?kind ?to ?minor ?value ?currency ?status WHERE {{
          {recipient}
          ?s a rg:Statement ; rg:funder ?funder_node ; rg:recipient ?recipient_node ;
             rg:from ?from_node ; rg:to ?to_node ; rg:property ?property .
          ?funder_node dcterms:identifier ?funder .
          ?recipient_node dcterms:identifier ?recipient .
          ?from_node dcterms:identifier ?from .
          ?to_node dcterms:identifier ?to .
          BIND(STRAFTER(STR(?property), STR(rg:)) AS ?kind)
          OPTIONAL {{
            ?s schema:amount ?a .
            ?a rg:minorUnits ?minor ; schema:value ?value ;
               schema:currency ?currency ; rg:moneyStatus ?status .
          }}
        }}
        """,
    )
    flows = sorted(
        (
            {
                "funder": value(r["funder"]),
                "recipient": value(r["recipient"]),
                "from": value(r["from"]),
                "kind": value(r["kind"]),
                "to": value(r["to"]),
                "amount": None
                if r["minor"] is None
                else {
                    "value": value(r["value"]),
                    "minor_units": value(r["minor"]),
                    "currency": value(r["currency"]),
                    "status": value(r["status"]),
                },
            }
            for r in flow_rows
        ),
        key=lambda f: json.dumps(f, sort_keys=True),
    )
    total_rows = query(
        store,
        f"""
        SELECT ?currency ?status (SUM(?minor) AS ?minor_units) (SUM(?value) AS ?whole)
               (COUNT(?s) AS ?count) WHERE {{
          {recipient}
          ?s a rg:Statement ; rg:recipient ?recipient_node ; schema:amount ?a .
          ?a rg:minorUnits ?minor ; schema:value ?value ;
             schema:currency ?currency ; rg:moneyStatus ?status .
        }}
        GROUP BY ?currency ?status
        """,
    )
    totals = []
    for r in total_rows:
        if r["minor_units"] is None:
            fail("a SUM of minor units is unbound (an overflow in the store?)")
        totals.append(
            {
                "currency": value(r["currency"]),
                "status": value(r["status"]),
                "minor_units": value(r["minor_units"]),
                "value": value(r["whole"]),
                "count": value(r["count"]),
            }
        )
    totals.sort(key=lambda t: (t["currency"], t["status"]))
    return {"flows": flows, "totals": totals}


def milestones(store, regulation):
    rows = query(
        store,
        f"""
        SELECT ?place ?stage ?date ?actual ?note
               (GROUP_CONCAT(?source; separator=" ") AS ?sources) WHERE {{
          ?r dcterms:identifier "{regulation}" ; a rg:Regulation ; rg:milestone ?m .
          ?m rg:regulation ?r ; rg:place ?place ; rg:stage ?stage ; rg:date ?date ;
             rg:actual ?actual .
          OPTIONAL {{ ?m rg:note ?note }}
          OPTIONAL {{ ?m prov:wasDerivedFrom ?s . ?s dcterms:identifier ?source }}
        }}
        GROUP BY ?place ?stage ?date ?actual ?note
        ORDER BY ?place
        """,
    )
    out = []
    for r in rows:
        sources = value(r["sources"]) or ""
        out.append(
            {
                "stage": value(r["stage"]),
                "date": value(r["date"]),
                "actual": value(r["actual"]),
                "note": value(r["note"]),
                "sources": sorted(s for s in sources.split(" ") if s),
            }
        )
    eli = {}
    for r in query(
        store,
        f"""
        SELECT ?property ?date WHERE {{
          ?r dcterms:identifier "{regulation}" ; a rg:Regulation ; ?p ?date .
          FILTER(STRSTARTS(STR(?p), STR(eli:)))
          BIND(STRAFTER(STR(?p), STR(eli:)) AS ?property)
        }}
        """,
    ):
        eli.setdefault(value(r["property"]), []).append(value(r["date"]))
    for dates in eli.values():
        dates.sort()
    return out, eli


def values(store, identifier, predicate):
    rows = query(
        store,
        f"""
        SELECT ?o WHERE {{
          ?s dcterms:identifier {json.dumps(identifier)} ; <{predicate}> ?o .
        }}
        """,
    )
    out = []
    for r in rows:
        term = r["o"]
        if not isinstance(term, ox.Literal):
            fail(f"{identifier} <{predicate}> is not a literal: {term}")
        out.append({"value": term.value, "language": term.language})
    return sorted(out, key=lambda v: (v["value"], v["language"] or ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turtle", required=True)
    parser.add_argument("--ntriples", required=True)
    parser.add_argument("--money-to", metavar="ID")
    parser.add_argument("--money-all", action="store_true")
    parser.add_argument("--milestones", metavar="ID")
    parser.add_argument(
        "--values", nargs=2, action="append", default=[], metavar=("ID", "PREDICATE")
    )
    args = parser.parse_args()

    store = ox.Store()
    load(store, args.turtle, ox.RdfFormat.TURTLE, ox.DefaultGraph())
    load(store, args.ntriples, ox.RdfFormat.N_TRIPLES, NT_GRAPH)
    triples = same_graph(store)

    answer = {"triples": triples}
    if args.money_to is not None:
        answer["money"] = money(store, args.money_to)
    if args.money_all:
        answer["money_all"] = money(store, None)
    if args.milestones is not None:
        answer["milestones"], answer["eli"] = milestones(store, args.milestones)
    if args.values:
        answer["values"] = [values(store, i, p) for i, p in args.values]
    json.dump(answer, sys.stdout, ensure_ascii=False, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
