"""Read ``mkdocs.yml`` through MkDocs, answering every problem with ``mkdocs.yml:LINE:COL``.

MkDocs reports a bad option as a log line (``Config value 'plugins': Plugin 'lif' option ...``)
followed by a bare "Aborted"; a YAML mistake as an exception with the position inside its text;
a duplicate key not at all (the last value silently wins). Here the file is first checked as
text (encoding, binary, YAML syntax, duplicate keys) with its positions kept, then MkDocs
validates it; each message MkDocs logs becomes a ``CONFIG-INVALID`` finding at the line of the
offending option.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError

from generator.errors import FindingsError
from generator.load import read_text, yaml_syntax_finding
from generator.models import Finding, Position
from generator.rules import finding

HINT = "Fix mkdocs.yml and run again."

_TYPE_NAMES = {
    "int": "a whole number", "str": "text", "bool": "true or false", "float": "a number",
    "dict": "a block of 'name: value' lines", "list": "a list", "NoneType": "empty",
}
_TYPE_RE = re.compile(r"Expected type: <class '(?:\w+\.)*(\w+)'> but received: "
                      r"<class '(?:\w+\.)*(\w+)'>")
_LIST_RE = re.compile(r"Expected a list of items, but a <class '(\w+)'> was given")
_VALUE_RE = re.compile(r"^Config value '([^']+)': (.*)$", re.S)
_PLUGIN_RE = re.compile(r"^Plugin '([^']+)' option '([^']+)': (.*)$", re.S)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def load_mkdocs_config(config_file: str, **overrides: Any) -> tuple[MkDocsConfig, list[Finding]]:
    """The validated config and any warnings, or ``FindingsError`` with positioned findings."""
    path = Path(config_file)
    if not path.is_file():
        raise FindingsError([finding(
            "FILE-MISSING", config_file, Position(), "no such file.",
            "Run lif in the site's folder, or pass -f path/to/mkdocs.yml.")],
            "cannot read the site's configuration: nothing was built")
    findings: list[Finding] = []
    text = read_text(path.parent, path, findings)
    root = None
    if text is not None:
        if not text.strip():
            findings.append(finding("FILE-EMPTY", config_file, Position(), "is empty.",
                                    "Start from the mkdocs.yml that 'lif init' writes."))
        else:
            root = compose(text, config_file, findings)
    if findings:
        raise FindingsError([dataclasses.replace(f, path=config_file) for f in findings],
                            "cannot read the site's configuration: nothing was built")
    capture = _Capture()
    logger = logging.getLogger("mkdocs.config")
    propagate = logger.propagate
    logger.addHandler(capture)
    logger.propagate = False
    folder = str(path.parent.resolve()) + "/"
    try:
        config = load_config(config_file=str(path), **overrides)
    except (ConfigurationError, Abort) as exc:
        found = [_finding(r.getMessage().replace(folder, ""), config_file, root)
                 for r in capture.records]
        if not found:
            found = [finding("CONFIG-INVALID", config_file, Position(), f"{exc}", HINT)]
        raise FindingsError(found, "mkdocs.yml is invalid: nothing was built") from None
    except ValueError as exc:  # a value YAML recognises but cannot build, e.g. 2026-13-01
        raise FindingsError([bad_scalar(root, config_file, exc)],
                            "mkdocs.yml is invalid: nothing was built") from None
    finally:
        logger.removeHandler(capture)
        logger.propagate = propagate
        logging.getLogger("mkdocs").disabled = False
    if "lif" not in config.plugins:
        raise FindingsError([finding(
            "CONFIG-INVALID", config_file, locate(root, ("plugins",)),
            "the 'lif' plugin is not enabled.", "Add '- lif' under 'plugins:' in mkdocs.yml.")],
            "mkdocs.yml is invalid: nothing was built")
    warnings = [dataclasses.replace(_finding(r.getMessage().replace(folder, ""), config_file,
                                             root), severity="warning")
                for r in capture.records]
    return config, warnings


def bad_scalar(root: yaml.Node | None, path: str, exc: ValueError) -> Finding:
    """The first date-like value that is not a real date, or the error at line 1."""
    constructor = yaml.SafeLoader("")
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.MappingNode):
            stack[:0] = [v for _, v in node.value]
        elif isinstance(node, yaml.SequenceNode):
            stack[:0] = list(node.value)
        elif isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:timestamp":
            try:
                constructor.construct_yaml_timestamp(node)
            except ValueError:
                return finding("CONFIG-INVALID", path, _pos(node),
                               f"'{node.value}' is not a real date ({exc}).",
                               "Write a real date as YYYY-MM-DD.")
    return finding("CONFIG-INVALID", path, Position(), f"cannot be read: {exc}.", HINT)


def compose(text: str, path: str, findings: list[Finding]) -> yaml.Node | None:
    """The YAML node tree (tags such as ``!ENV`` are kept, not run), checking duplicate keys."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        findings.append(yaml_syntax_finding(exc, path))
        return None
    except yaml.YAMLError as exc:
        findings.append(finding("YAML-SYNTAX", path, Position(),
                                f"cannot be read as YAML: {exc}.", HINT))
        return None
    if node is not None:
        _duplicates(node, path, findings)
    return node


def _duplicates(node: yaml.Node, path: str, findings: list[Finding]) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else ""
            if name and name != "<<" and name in seen:
                findings.append(finding(
                    "YAML-DUPLICATE-KEY", path, _pos(key),
                    f"the key '{name}' appears twice in the same block (first at line "
                    f"{seen[name]}).", "Delete one of them so only the intended value counts."))
            seen.setdefault(name, key.start_mark.line + 1)
            _duplicates(value, path, findings)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicates(item, path, findings)


def _pos(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _friendly(text: str) -> str:
    if text.startswith("Unrecognised configuration name"):
        return "is not a known option; check its spelling"
    listed = _LIST_RE.search(text)
    if listed:
        return f"must be a list, not {_TYPE_NAMES.get(listed.group(1), listed.group(1))}"
    match = _TYPE_RE.search(text)
    if match and match.groups() == ("str", "date"):
        return "must be a date in quotes (today: '2026-11-23'), so YAML reads it as text"
    if match:
        want, got = (_TYPE_NAMES.get(g, g) for g in match.groups())
        return f"must be {want}, not {got}"
    return text.strip().rstrip(".")


def _finding(message: str, path: str, root: yaml.Node | None) -> Finding:
    """One MkDocs config message as a finding at the line of the option it names."""
    value = _VALUE_RE.match(message)
    if not value:
        return finding("CONFIG-INVALID", path, Position(), f"{_friendly(message)}.", HINT)
    name, rest = value.groups()
    plugin = _PLUGIN_RE.match(rest)
    if name == "plugins" and plugin:
        plugin_name, option, problem = plugin.groups()
        where = locate(root, ("plugins", plugin_name, option))
        problem = _friendly(problem)
        joint = " " if problem.startswith(("must ", "is ")) else ": "
        text = f"plugin '{plugin_name}' option '{option}'{joint}{problem}"
    else:
        where = locate(root, (name,))
        text = f"'{name}': {_friendly(rest)}"
    return finding("CONFIG-INVALID", path, where, f"{text}.", HINT)


def option_position(config_file: str, keys: tuple[str, ...]) -> Position:
    """Where an option is written in mkdocs.yml (line 1 if the file or the option is not found);
    for findings raised after MkDocs has loaded the config, which keeps no positions."""
    try:
        text = Path(config_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return Position()
    return locate(compose(text, config_file, []), keys)


def locate(root: yaml.Node | None, keys: tuple[str, ...]) -> Position:
    """The position of the deepest key of ``keys`` found (plugins may be a list or a block)."""
    where = Position()
    node = root
    for key in keys:
        found: tuple[yaml.Node, yaml.Node | None] | None = None
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value
                          if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if isinstance(item, yaml.ScalarNode) and item.value == key:
                    found = (item, None)
                elif isinstance(item, yaml.MappingNode):
                    found = next(((k, v) for k, v in item.value
                                  if isinstance(k, yaml.ScalarNode) and k.value == key), None)
                if found:
                    break
        if found is None:
            break
        where = _pos(found[0])
        node = found[1]
    return where
