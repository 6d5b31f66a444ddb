"""The code's modules depend on each other one way: no import cycle anywhere in portal/ and
programme/ (an import inside a function counts too), and the site-wide page cache and middleware
know nothing of the domain app."""

import ast

from django.conf import settings

PACKAGES = ("portal", "programme")


def module_name(path):
    parts = list(path.relative_to(settings.BASE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path):
    """The modules of portal/ and programme/ that the module at `path` imports."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {module for module in found if module.split(".")[0] in PACKAGES}


def graph():
    modules = {}
    for package in PACKAGES:
        for path in (settings.BASE_DIR / package).rglob("*.py"):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return {name: imports_of(path) & modules.keys() - {name} for name, path in modules.items()}


def cycles(edges):
    """Each cycle once, as the modules along it."""
    found, done = [], set()

    def visit(node, trail):
        if node in trail:
            cycle = trail[trail.index(node) :]
            key = frozenset(cycle)
            if key not in done:
                done.add(key)
                found.append([*cycle, node])
            return
        for other in sorted(edges.get(node, ())):
            visit(other, [*trail, node])

    for start in sorted(edges):
        visit(start, [])
    return found


def test_no_import_cycle():
    assert cycles(graph()) == []


def test_page_cache_and_middleware_import_nothing_of_the_domain_app():
    edges = graph()
    assert {
        name: sorted(m for m in edges[name] if m.startswith("programme"))
        for name in ("portal.cache", "portal.middleware", "portal.urls")
    } == {"portal.cache": [], "portal.middleware": [], "portal.urls": []}


def test_graph_sees_imports():
    assert "programme.states" in graph()["programme.publishing"]
