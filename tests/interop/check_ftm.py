"""Checks an `export ftm` file with followthemoney: `ftm validate` must keep
every entity and every property value exactly as written (it silently drops
what it cannot clean), every schema must be one FtM has, not abstract, and
every entity reference must name an entity in the file.

Prints JSON on stdout: entity counts by schema, and the properties of the
entities named with --show (for the caller to compare with its own data).
Exits non-zero with a message on any problem.
"""

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from followthemoney import model


def fail(message: str) -> None:
    print(f"check_ftm: {message}", file=sys.stderr)
    sys.exit(1)


def read_lines(path: Path) -> list[dict]:
    entities = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                entities.append(json.loads(line))
            except json.JSONDecodeError as error:
                fail(f"{path}:{number}: not JSON: {error}")
    return entities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", type=Path, help="the export ftm file")
    parser.add_argument("--ftm", required=True, help="the ftm command")
    parser.add_argument("--show", action="append", default=[], help="an entity id to print")
    args = parser.parse_args()

    ours = read_lines(args.file)
    run = subprocess.run(
        [args.ftm, "validate", "-i", str(args.file)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    if run.returncode != 0:
        fail(f"ftm validate failed ({run.returncode}): {run.stderr}")
    theirs = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    if len(theirs) != len(ours):
        fail(f"ftm validate kept {len(theirs)} entities of {len(ours)}")

    ids = set()
    problems = []
    for mine, kept in zip(ours, theirs):
        entity_id = mine["id"]
        if entity_id in ids:
            problems.append(f"{entity_id}: id written twice")
        ids.add(entity_id)
        if kept["id"] != entity_id or kept["schema"] != mine["schema"]:
            problems.append(f"{entity_id}: came back as {kept['id']} {kept['schema']}")
            continue
        schema = model.get(mine["schema"])
        if schema is None or schema.abstract:
            problems.append(f"{entity_id}: {mine['schema']} is not a concrete FtM schema")
            continue
        if not model.get_proxy(mine).id:
            problems.append(f"{entity_id}: not a valid entity id")
        for prop, values in mine["properties"].items():
            if prop not in schema.properties:
                problems.append(f"{entity_id}: {mine['schema']} has no property {prop}")
                continue
            back = kept["properties"].get(prop, [])
            if back != values:
                dropped = [v for v in values if v not in back]
                problems.append(
                    f"{entity_id}: {prop} written {values!r}, ftm validate kept {back!r}"
                    f" (dropped {dropped!r})"
                )
        extra = set(kept["properties"]) - set(mine["properties"])
        if extra:
            problems.append(f"{entity_id}: ftm validate added {sorted(extra)}")
    for mine in ours:
        schema = model.get(mine["schema"])
        if schema is None:
            continue
        for prop, values in mine["properties"].items():
            prop = schema.properties.get(prop)
            if prop is not None and prop.type.name == "entity":
                for value in values:
                    if value not in ids:
                        problems.append(f"{mine['id']}: {prop.name} names {value}, not in the file")
        for required in schema.required:
            if not mine["properties"].get(required):
                problems.append(f"{mine['id']}: {mine['schema']} needs {required}")
    if problems:
        fail(f"{len(problems)} problems:\n" + "\n".join(problems[:50]))

    kept_by_id = {e["id"]: e for e in theirs}
    answer = {
        "entities": len(ours),
        "schemata": dict(sorted(Counter(e["schema"] for e in ours).items())),
        "shown": {i: kept_by_id[i]["properties"] if i in kept_by_id else None for i in args.show},
    }
    print(json.dumps(answer, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
