"""`python -m bench [--quick | --full]`: measure the engine floor, the service and growth; print a table.

Every ratio is against the engine floor measured in the same run on the same machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from tests.production.server import Gunicorn

from . import engine_floor, registers
from . import service as svc
from .payload import plan

# Every simulated person signs in from this one machine: lift the per-client sign-in limit (a real office has
# one address per person), leaving the per-username failure limit as it is.
BENCH_ENV = {"SIGN_IN_LIMIT_PER_CLIENT": "100000 per minute"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("--quick", action="store_true", help="small counts (a smoke run, ~1 min)")
    ap.add_argument("--full", action="store_true", help="1 000 000 register rows and 10 000 lifecycles for memory")
    ap.add_argument("--million", action="store_true", help="include the 1 000 000-document register step")
    ap.add_argument("--memory-lifecycles", type=int, default=None, help="lifecycles for the memory check")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path, default=None, help="also write the results to this JSON file")
    args = ap.parse_args(argv)
    quick = args.quick
    million = args.million or args.full
    mem_n = args.memory_lifecycles or (10_000 if args.full else 300 if quick else 2_000)
    floor_n = 50 if quick else 300
    one_n, four_n = (10, 5) if quick else (40, 25)
    signed_n = 3 if quick else 10
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                 "platform": platform.platform()}, "workers": args.workers}
    t_start = time.time()

    results["load_before"] = os.getloadavg()
    print(f"# bench on {os.cpu_count()} CPUs, gunicorn {args.workers} sync workers; load average "
          f"{results['load_before'][0]:.2f} (other work on the machine skews every number)", flush=True)
    floor = engine_floor.run(floor_n)
    results["floor"] = floor
    print(f"engine floor: {floor['per_s']:.1f} lifecycles/s ({floor['ms_per_lifecycle']:.1f} ms/lifecycle, "
          f"CPU {floor['cpu_ms_per_lifecycle']:.1f} ms/lifecycle, {floor_n} lifecycles)", flush=True)

    backends = ["sqlite"] + (["postgresql"] if svc.pg_reachable() else [])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for kind in backends:
            with svc.database(kind, tmp) as url, Gunicorn(url, workers=args.workers, env=BENCH_ENV) as server:
                r: dict = {}
                r["c1"] = svc.throughput(server, 1, one_n, plan(8))
                r["c4"] = svc.throughput(server, 4, four_n, plan(8))
                for c in ("c1", "c4"):
                    _print_cell(kind, r[c], floor)
                r["loops"] = svc.loops_growth(server, (0, 5, 20), docs=2 if quick else 5)
                print(f"{kind} complete-task after 0/5/20 return loops: "
                      + " / ".join(f"{v['ms']:.1f} ms (CPU {v['cpu_ms']:.1f})" for v in r["loops"].values()),
                      flush=True)
                r["dispatch"] = svc.dispatch_growth(server.base, (8, 64, 512), repeat=2 if quick else 3)
                print(f"{kind} dispatch ms to 8/64/512 lines: "
                      + " / ".join(f"{v:.1f}" for v in r["dispatch"].values()), flush=True)
                r["bulk"] = svc.bulk_cost(server.base, 50 if quick else 200)
                b = r["bulk"]
                print(f"{kind} bulk approve of {b['items']}: {b['bulk_ms'] / 1000:.2f} s in one request, "
                      f"{b['ratio']:.2f} × the time of {b['items']} single approvals", flush=True)
                if kind == "sqlite":
                    r["memory"] = svc.memory_growth(server, mem_n)
                    print(f"{kind} by lifecycles done: worker RSS MiB, server CPU ms per lifecycle of the chunk: "
                          + ", ".join(f"{n}: {kib / 1024:.0f}" + (f" / {cpu:.1f}" if cpu else "")
                                      for n, kib, cpu in r["memory"]), flush=True)
                if kind == "postgresql":
                    r["registers"] = _registers(url, server.base, quick, million)
                results[kind] = r
            # The lifecycle a real office runs: demo signing keys (PIN 123456), so Sign renders the PDF and signs
            # it personally (PAdES) and dispatch adds the organization's signature with number and date.
            with svc.database(kind, tmp, keys=True) as url, \
                    Gunicorn(url, workers=args.workers, env=BENCH_ENV) as server:
                x = svc.throughput(server, 1, signed_n, plan(8), pin=svc.DEMO_PIN)
                results[kind]["signed"] = x
                print(f"{kind} signed lifecycle, 1 client: {x['per_s']:.2f} lifecycles/s, Sign "
                      f"{x['step_p50']['sign']:.0f} ms, dispatch {x['step_p50']['dispatch']:.0f} ms (p50), server "
                      f"CPU {x['cpu_ms_per_lifecycle']:.0f} ms/lifecycle", flush=True)

    results["seconds"] = time.time() - t_start
    results["load_after"] = os.getloadavg()
    print(f"\n# {results['seconds']:.0f} s; load average at the end {results['load_after'][0]:.2f}")
    print(table(results, million))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    return 0


def _print_cell(kind: str, x: dict, floor: dict) -> None:
    print(f"{kind} {x['clients']} client(s): {x['per_s']:.1f} lifecycles/s ({x['per_s'] / floor['per_s']:.2f} × "
          f"floor), request p50 {x['p50']:.1f} ms p95 {x['p95']:.1f} ms, complete-task p95 {x['complete_p95']:.1f} ms; "
          f"server CPU {x['cpu_ms_per_lifecycle']:.1f} ms/lifecycle, {x['cpu_ms_per_request']:.2f} ms/request",
          flush=True)


def _registers(url: str, base: str, quick: bool, million: bool) -> dict:
    sizes = [10_000] if quick else [10_000, 100_000] + ([1_000_000] if million else [])
    out = {}
    done = 0
    for size in sizes:
        secs = registers.bulk_insert(url, 100_000 + done, size - done)
        done = size
        lat = registers.read_latency(base)
        out[size] = {"insert_s": secs, **lat}
        print(f"register at {size:>9,} documents (inserted in {secs:.1f} s): page {lat['page']:.1f} ms, "
              f"keyset page {lat['page_keyset']:.1f} ms, search {lat['search']:.1f} ms, "
              f"search without hits {lat['search_none']:.1f} ms", flush=True)
    return out


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def table(res: dict, million: bool) -> str:
    floor = res["floor"]["per_s"]
    floor_cpu = res["floor"].get("cpu_ms_per_lifecycle")
    rows = [("engine floor (SpiffWorkflow + JSON + SQLite commit per step)", f"{floor:.1f} lifecycles/s",
             "baseline", "1.00", "")]
    if floor_cpu:
        rows.append(("  floor CPU per lifecycle (one process)", f"{floor_cpu:.1f} ms", "", "", ""))
    for kind in ("sqlite", "postgresql"):
        r = res.get(kind)
        if not r:
            continue
        for c in ("c1", "c4"):
            x = r[c]
            ratio = x["per_s"] / floor
            target = "≥ 0.50 × floor" if (kind, c) == ("sqlite", "c4") else ""
            rows.append((f"service {kind}, {x['clients']} client(s)", f"{x['per_s']:.1f} lifecycles/s", target,
                         f"{ratio:.2f}", _verdict(ratio >= 0.5) if target else ""))
            rows.append((f"  request p50 / p95 ({kind}, {x['clients']} cl.)", f"{x['p50']:.1f} / {x['p95']:.1f} ms",
                         "", "", ""))
            target = "p95 ≤ 30 ms" if c == "c4" else ""
            rows.append((f"  complete-task p95 ({kind}, {x['clients']} cl.)", f"{x['complete_p95']:.1f} ms", target,
                         "", _verdict(x["complete_p95"] <= 30) if target else ""))
            rows.append((f"  server CPU per lifecycle / request ({kind}, {x['clients']} cl.)",
                         f"{x['cpu_ms_per_lifecycle']:.1f} / {x['cpu_ms_per_request']:.2f} ms", "",
                         f"{x['cpu_ms_per_lifecycle'] / floor_cpu:.1f}× floor CPU" if floor_cpu else "", ""))
        loops = r["loops"]
        cpu_growth = loops[20]["cpu_ms"] / loops[0]["cpu_ms"]
        rows.append((f"complete-task after 0/5/20 loops ({kind})",
                     " / ".join(f"{loops[k]['ms']:.1f}" for k in (0, 5, 20)) + " ms", "",
                     f"{loops[20]['ms'] / loops[0]['ms']:.2f}", ""))
        rows.append((f"  server CPU per step after 0/5/20 loops ({kind})",
                     " / ".join(f"{loops[k]['cpu_ms']:.1f}" for k in (0, 5, 20)) + " ms", "20 vs 0 ≤ 1.2×",
                     f"{cpu_growth:.2f}", _verdict(cpu_growth <= 1.2)))
        d = r["dispatch"]
        rows.append((f"dispatch to 8/64/512 lines ({kind})", " / ".join(f"{d[k]:.1f}" for k in (8, 64, 512)) + " ms",
                     "512 ≤ 150 ms", f"{d[512] / d[8]:.2f}", _verdict(d[512] <= 150)))
        if "memory" in r:
            mem = r["memory"]
            base, last = mem[1][1], mem[-1][1]
            rows.append((f"worker RSS after {mem[1][0]} → {mem[-1][0]} lifecycles ({kind})",
                         f"{base / 1024:.0f} → {last / 1024:.0f} MiB", "flat (≤ +10 %)", f"{last / base:.2f}",
                         _verdict(last <= base * 1.10)))
            first, final = mem[1][2], mem[-1][2]
            rows.append((f"server CPU per lifecycle, docs 0–{mem[1][0]} → {mem[-2][0]}–{mem[-1][0]} ({kind})",
                         f"{first:.1f} → {final:.1f} ms", "flat (≤ +10 %)", f"{final / first:.2f}",
                         _verdict(final <= first * 1.10)))
        if "signed" in r:
            x = r["signed"]
            rows.append((f"signed lifecycle, 1 client ({kind})", f"{x['per_s']:.2f} lifecycles/s",
                         "", f"{x['per_s'] / r['c1']['per_s']:.2f}× unsigned", ""))
            rows.append((f"  Sign / dispatch request p50 ({kind}, signed)",
                         f"{x['step_p50']['sign']:.0f} / {x['step_p50']['dispatch']:.0f} ms", "", "", ""))
            rows.append((f"  server CPU per signed lifecycle ({kind})", f"{x['cpu_ms_per_lifecycle']:.0f} ms", "",
                         "", ""))
        for size, x in (r.get("registers") or {}).items():
            is_target = size == 1_000_000
            rows.append((f"register page at {size:,} docs", f"{x['page']:.1f} ms (keyset {x['page_keyset']:.1f})",
                         "≤ 50 ms at 1 000 000" if is_target else "", "",
                         _verdict(x["page"] <= 50) if is_target else ""))
            rows.append((f"register search at {size:,} docs", f"{x['search']:.1f} ms (no hits {x['search_none']:.1f})",
                         "≤ 200 ms at 1 000 000" if is_target else "", "",
                         _verdict(x["search"] <= 200) if is_target else ""))
    if "postgresql" in res and not million:
        rows.append(("register at 1 000 000 docs", "not run (add --million or --full)", "", "", "n/a"))
    widths = [max(len(str(r[i])) for r in rows + [("measure", "value", "target", "ratio", "verdict")])
              for i in range(5)]
    head = ("measure", "value", "target", "ratio", "verdict")
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
