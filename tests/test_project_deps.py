"""project.yml is the map of the workflow: every command lists as deps all the zhibiao code it runs, so that
`spacy project run` reruns a command when any of that code changes (explosion/projects' pipelines/ner_demo style).

The code a command runs is read off its script lines, statically:

- `python -m zhibiao <group options> <command> …`: the typer callbacks the line reaches (the app's own, a group's,
  the command's), found through the typer app itself. In zhibiao/cli, where each module holds many commands,
  only what those callbacks run counts: the zhibiao modules imported in them, the helpers of zhibiao/cli they
  call (followed the same way) and the module-level imports of the CLI modules that hold them. The launcher
  (zhibiao/__main__.py, zhibiao/cli/__init__.py importing every CLI module to register its commands) is the same
  for every command and is left out, or every command would rerun when any other command's CLI code changed.
- a `.py` file named on a line (`python scripts/x.py`, `spacy train --code zhibiao/x.py`) runs as a whole;
- a `.cfg` file named on a line runs the functions it names (`factory = "…"`, `@scorers = "…"` …) that zhibiao
  registers with spaCy: pyproject.toml's entry points say which module each name lives in;
- a pipeline among the deps (training/model-final) runs, once loaded, the factories named by the config of the
  `spacy train` or `spacy assemble` line that writes it.

From there every zhibiao module is followed as a whole: its imports anywhere in it (inside functions too, not
under `if TYPE_CHECKING:`), the modules of the registered names it names in strings (`nlp.add_pipe("zhibiao_linker")`,
a default config's `"@scorers"`), and the files beside it that it names (`words.json`). A package's __init__.py
counts where it is imported by name (`from . import __version__`), not as the parent of every module under it.
"""

from __future__ import annotations

import ast
import re
import shlex
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from test_layout import PACKAGE, imports

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = PACKAGE.parent
CLI = "zhibiao.cli"


def module_path(name: str) -> Path:
    base = ROOT / name.replace(".", "/")
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def module_of(path: Path) -> str:
    """The dotted name of a .py file under the project (scripts/x.py → scripts.x), as module_path reads it."""
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


@lru_cache(maxsize=None)
def tree_of(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def registered() -> dict[str, str]:
    """The names zhibiao registers with spaCy (factories, scorers, augmenters, misc) → the module holding each."""
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["entry-points"]
    return {name: target.partition(":")[0] for group, entries in groups.items() if group.startswith("spacy_")
            for name, target in entries.items()}


def strings(tree: ast.AST) -> set[str]:
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def modules_a_file_uses(path: Path) -> tuple[set[str], set[Path]]:
    """The zhibiao modules a whole file uses (imports anywhere, registered names in strings) and the files beside
    it that it names (package data such as words.json, a script it runs such as doccano/launcher.py)."""
    named = strings(tree_of(path))
    modules = {module for module in imports(path) if module_path(module).exists()}
    modules |= {registered()[name] for name in named & registered().keys()}
    files = {file for file in path.parent.iterdir() if file.name in named and file.is_file() and file != path}
    return modules, files


def module_closure(starts: set[str]) -> set[Path]:
    """Every file the modules in `starts` run or read, following each module as a whole."""
    files: set[Path] = set()
    seen: set[str] = set()
    todo = list(starts)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        assert not module.startswith(CLI), f"{module}: a library module imports the CLI"
        path = module_path(module)
        used, named = modules_a_file_uses(path)
        files |= {path, *named}
        todo.extend(used)
        todo.extend(module_of(file) for file in named if file.suffix == ".py")
    return files


def _module_level(tree: ast.Module) -> ast.Module:
    return ast.Module(body=[s for s in tree.body if not isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))],
                      type_ignores=[])


def _cli_names(module: str, tree: ast.AST) -> dict[str, tuple[str, str]]:
    """Names bound in `tree` (anywhere in it) by `from .x import y` to functions of CLI modules: name → (module, y)."""
    package = module.rpartition(".")[0]
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.startswith(CLI + "."):
                names.update((alias.asname or alias.name, (base, alias.name)) for alias in node.names)
    return names


def cli_closure(callbacks: list) -> set[Path]:
    """What typer callbacks run: the CLI files holding them and the helpers they call, and everything the library
    modules they import run."""
    files: set[Path] = set()
    library: set[str] = set()
    done_modules: set[str] = set()
    done: set[tuple[str, str]] = set()
    todo = [(callback.__module__, callback.__name__) for callback in callbacks]
    while todo:
        module, function = todo.pop()
        if (module, function) in done:
            continue
        done.add((module, function))
        path = module_path(module)
        tree = tree_of(path)
        if module not in done_modules:  # the module-level code runs once the module is imported
            done_modules.add(module)
            files.add(path)
            top = _module_level(tree)
            library |= {m for m in imports(path, top) if not m.startswith(CLI)}
            todo.extend((m, "") for m in imports(path, top) if m.startswith(CLI + "."))
        node = next((n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == function),
                    None)
        if node is None:  # the module itself, or a name of it that is no function (the typer app, a help text)
            continue
        library |= {m for m in imports(path, node) if not m.startswith(CLI)}
        own = {n.name: (module, n.name) for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        bound = {**own, **_cli_names(module, _module_level(tree)), **_cli_names(module, node)}
        used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        todo.extend(bound[name] for name in used & bound.keys() if name != function)
    return files | module_closure({m for m in library if module_path(m).exists()})


def zhibiao_callbacks(args: list[str]) -> list:
    """The callbacks `python -m zhibiao <args>` runs: the app's, each group's on the way, the command's."""
    import inspect

    import typer

    from zhibiao.cli import app

    command = typer.main.get_command(app)
    callbacks = []
    while True:
        if command.callback is not None:
            callbacks.append(inspect.unwrap(command.callback))
        subcommands = getattr(command, "commands", None)
        if subcommands is None:
            return callbacks
        # the group's own options come first; the first other word names the subcommand
        options = {opt: param for param in command.params for opt in [*param.opts, *param.secondary_opts]}
        while args[0].startswith("-"):
            option = options[args[0].partition("=")[0]]
            args = args[1 if "=" in args[0] or getattr(option, "is_flag", False) or getattr(option, "count", False) else 2:]
        command, args = subcommands[args[0]], args[1:]


def code_of_line(line: str) -> set[Path]:
    """The files a script line runs or reads as code."""
    words = shlex.split(line)
    files: set[Path] = set()
    if words[:3] == ["python", "-m", "zhibiao"]:
        files |= cli_closure(zhibiao_callbacks(words[3:]))
    for word in words:
        path = ROOT / word
        if word.endswith(".py") and path.is_file():
            files |= module_closure({module_of(path)})
        elif word.endswith(".cfg") and path.is_file():
            files |= module_closure(config_modules(path))
    return files


def config_modules(config: Path, factories_only: bool = False) -> set[str]:
    """The zhibiao modules of the registered functions a config names: `factory = "…"`, and unless
    `factories_only`, `@scorers = "…"`, `{"@misc": "…"}` and the like."""
    names = re.findall(r'factory\s*=\s*"([^"]+)"' if factories_only else r'(?:factory\s*=\s*|"?@\w+"?\s*[=:]\s*)"([^"]+)"',
                       config.read_text(encoding="utf-8"))
    return {registered()[name] for name in names if name in registered()}


# The spaCy commands that write a pipeline from a config (a hand-written pair: project.yml does not say which
# outputs are pipelines, and a JSON written by a command that reads a config is none).
PIPELINE_WRITERS = (["python", "-m", "spacy", "train"], ["python", "-m", "spacy", "assemble"])


def code_of_pipelines(deps: list[str]) -> set[Path]:
    """The code a command's pipeline deps run when loaded: the factories named by the config of the `spacy train`
    or `spacy assemble` line of the command that writes them."""
    files: set[Path] = set()
    for command in project()["commands"]:
        if not set(command.get("outputs", [])) & set(deps):
            continue
        for words in map(shlex.split, command["script"]):
            if words[:4] in PIPELINE_WRITERS:
                configs = [ROOT / word for word in words if word.endswith(".cfg") and (ROOT / word).is_file()]
                files |= module_closure(set().union(*(config_modules(config, factories_only=True) for config in configs)))
    return files


@lru_cache(maxsize=None)
def project() -> dict:
    """project.yml with its ${vars} substituted, as `spacy project run` reads it (weasel's load_project_config
    would also create the project's directories)."""
    import srsly
    from weasel.util import substitute_project_variables

    return substitute_project_variables(srsly.read_yaml(ROOT / "project.yml"))


def covered(path: Path, deps: list[str]) -> bool:
    return any(path == ROOT / dep or ROOT / dep in path.parents for dep in deps)


def test_the_script_lines_are_read_as_the_code_they_run():
    clean = {p.relative_to(ROOT).as_posix() for p in code_of_line("python -m zhibiao clean corpus/raw --out x")}
    assert {"zhibiao/cli/corpus.py", "zhibiao/cli/app.py", "zhibiao/preprocess.py", "zhibiao/jsonl.py"} <= clean
    assert "zhibiao/rules.py" not in clean  # only what `clean` runs, not the other commands of zhibiao/cli/corpus.py
    setup = {p.relative_to(ROOT).as_posix()
             for p in code_of_line("python -m zhibiao doccano --url http://x:1 --project p setup --guideline A.md")}
    assert {"zhibiao/cli/doccano.py", "zhibiao/doccano/__init__.py", "zhibiao/doccano/client.py", "zhibiao/labels.py"} <= setup
    train = {p.relative_to(ROOT).as_posix() for p in code_of_line("python -m spacy train configs/ner_ind.cfg")}
    assert {"zhibiao/augment.py", "zhibiao/linker.py", "zhibiao/evaluate.py", "zhibiao/words.json"} <= train
    final = {p.relative_to(ROOT).as_posix() for p in code_of_pipelines(["training/model-final"])}
    assert {"zhibiao/indicator_edges.py", "zhibiao/ruler.py", "zhibiao/linker.py"} <= final  # configs/final.cfg's


@pytest.mark.parametrize("name", [command["name"] for command in project()["commands"]])
def test_every_command_lists_all_the_code_it_runs(name: str):
    command = next(command for command in project()["commands"] if command["name"] == name)
    deps = command.get("deps", [])
    code = set()
    for line in command["script"]:
        found = code_of_line(line)
        assert found, f"{name}: no zhibiao code found for {line!r}"
        code |= found
    code |= code_of_pipelines(deps)
    missing = sorted(path.relative_to(ROOT).as_posix() for path in code if not covered(path, deps))
    assert missing == [], f"{name} runs code its deps in project.yml do not list: {', '.join(missing)}"
