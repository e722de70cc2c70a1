"""Safety scans spread over forked workers: results in order, and nothing lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT

SCRIPT = textwrap.dedent("""
    import os, signal
    from generator import workers

    def whose(batch):
        return [(item, os.getpid()) for item in batch]

    def dies_once(batch, marker):
        if 0 in batch and not os.path.exists(marker):
            open(marker, "w").close()
            os.kill(os.getpid(), signal.SIGKILL)
        return [item * 2 for item in batch]

    if __name__ == "__main__":
        import sys
        items = list(range(3 * workers.BATCH_SIZE + 7))
        done = workers.map_batches(whose, items, workers=2)
        print([item for item, _ in done] == items, os.getpid() not in {pid for _, pid in done})
        print(workers.map_batches(dies_once, items, sys.argv[1], workers=2)
              == [item * 2 for item in items])
""")


def run(tmp: str) -> list[str]:
    script = os.path.join(tmp, "spread.py")
    with open(script, "w", encoding="utf-8") as handle:
        handle.write(SCRIPT)
    result = subprocess.run([sys.executable, script, os.path.join(tmp, "died")], cwd=ROOT,
                            capture_output=True, text=True, check=False,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_batches_run_in_other_processes_and_come_back_in_order(tmp_path: object) -> None:
    """Every item comes back, in order, from worker processes (not the parent), and a batch
    whose worker was killed is run again in the parent: none is lost."""
    assert run(str(tmp_path)) == ["True True", "True"]
