"""The batch's papermill engine: every cell sent to the worker's one kernel at once.

Real kernels: the engine's notebooks must come out as nbclient's own cell-by-cell
execution writes them, and a cell that fails must stop the notebook there, as it does
for papermill.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import papermill
import pytest
from cchc.apps import kernels
from cchc.apps.engine import execute_notebook
from cchc.apps.runs import normalise_notebook, notebook_json
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from papermill.exceptions import PapermillExecutionError

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kernel():
    km = kernels.start_kernel(warm=False)
    try:
        yield km
    finally:
        kernels.stop_kernel()


def _notebook(path: Path, *sources: str) -> Path:
    nb = new_notebook(cells=[new_code_cell("name = 'x'", metadata={"tags": ["parameters"]}),
                             *(new_code_cell(s) if s else new_markdown_cell("—")
                               for s in sources)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def _run(template: Path) -> nbformat.NotebookNode:
    nb = execute_notebook(str(template), {"name": "Lào Cai"}, 60)
    kernels.finish_pending()
    return nb


MIXED = (
    "import sys\nprint('xin chào', name)\nprint('cảnh báo', file=sys.stderr)",
    "",  # a markdown cell
    "from IPython.display import display, HTML, clear_output\n"
    "handle = display(HTML('<b>một</b>'), display_id='d1')",
    "   ",  # blank: not sent
    "handle.update(HTML('<b>hai</b>'))\n{'a': 1, 'b': [2, 3]}",
    "print('bị xoá')\nclear_output(wait=True)\nprint('còn lại')",
    "for i in range(3):\n    print(i, end='')\nprint()\nname.upper()",
)


# papermill's own engine hands nbclient an option it does not know (the input path)
@pytest.mark.filterwarnings("ignore:Passing unrecognized arguments:DeprecationWarning")
def test_outputs_are_those_of_nbclient_cell_by_cell(kernel, tmp_path):
    template = _notebook(tmp_path / "mixed.ipynb", *MIXED)
    ours = normalise_notebook(_run(template))
    papermill.execute_notebook(str(template), str(tmp_path / "reference.ipynb"),
                               parameters={"name": "Lào Cai"}, kernel_name="python3",
                               progress_bar=False)
    reference = normalise_notebook(nbformat.read(tmp_path / "reference.ipynb", as_version=4))
    assert notebook_json(ours) == notebook_json(reference)
    # and the outputs are the notebook's, each in its own cell
    texts = ["".join(o.get("text", "")) for c in ours.cells for o in c.get("outputs", [])]
    assert "xin chào Lào Cai\n" in texts and "còn lại\n" in texts and "bị xoá\n" not in texts


def test_cells_after_a_failing_cell_never_run_and_the_kernel_goes_on(kernel, tmp_path):
    marker = tmp_path / "ran"
    failing = _notebook(tmp_path / "failing.ipynb", "import pathlib",
                        "raise ValueError('hỏng ở đây')",
                        *(f"x{i} = {i}" for i in range(60)),
                        f"pathlib.Path({str(marker)!r}).write_text('ran')")
    with pytest.raises(PapermillExecutionError) as caught:
        _run(failing)
    assert caught.value.cell_index == 3  # parameters, injected parameters, import, raise
    assert "hỏng ở đây" in caught.value.evalue
    # the same kernel then runs the next notebook, from a clean namespace, and by then
    # the cells queued behind the error would have run: they were skipped
    after = _notebook(tmp_path / "after.ipynb", "print(name, 'x0' in globals())")
    nb = _run(after)
    assert "".join(nb.cells[-1].outputs[0]["text"]) == "Lào Cai False\n"
    assert not marker.exists()


def test_a_cell_tagged_raises_exception_lets_the_rest_run(kernel, tmp_path):
    marker = tmp_path / "ran"
    template = _notebook(tmp_path / "tagged.ipynb", "import pathlib", "1 / 0",
                         f"pathlib.Path({str(marker)!r}).write_text('ran')")
    nb = nbformat.read(template, as_version=4)
    nb.cells[2].metadata["tags"] = ["raises-exception"]
    nbformat.write(nb, template)
    with pytest.raises(PapermillExecutionError):  # papermill fails any error output
        _run(template)
    assert marker.read_text() == "ran"  # but nbclient ran on past it, and so do we


def test_the_notebooks_of_a_worker_share_one_client_and_leak_no_descriptors(kernel, tmp_path):
    template = _notebook(tmp_path / "small.ipynb", "print(name)")
    _run(template)
    client = kernels.current_client(kernel)
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(5):
        assert "".join(_run(template).cells[-1].outputs[0]["text"]) == "Lào Cai\n"
    assert kernels.current_client(kernel) is client
    assert len(os.listdir("/proc/self/fd")) == before
