"""The `clean` command line: a thin layer that builds `Options` and calls the library.

Exit codes, stable for scripts:

    0  success: every page cleaned; every golden case matches
    1  usage error (bad option, input that matches nothing, malformed case folder),
       or `golden check`/`golden update` found differences or unstable cases
    2  `run`/`show`/`fetch`: some pages could not be fetched or cleaned; the others were
       written and each failure is a line in errors.jsonl

Click uses 2 for usage errors; we move those to 1 so that 2 always means "pages failed".
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import typer
from typer._click.exceptions import UsageError  # typer vendors click; no public alias
from typer.core import TyperGroup

from . import __version__, golden
from .article import Article
from .batch import BatchWriter, InputError, discover, is_container, run_batch
from .crawl import crawl, read_url_list
from .errors import CleanError
from .fetch import DEFAULT_USER_AGENT, FetchOptions
from .pipeline import DEFAULT_TIMEOUT, Options, clean_page
from .runinfo import run_record, run_record_path, write_run_record
from .siterules import RulesError, UserRules, load_rules

__all__ = ["app", "main", "render_plain"]

KindOption = Literal["auto", "html", "text"]
FormatOption = Literal["json", "jsonl", "md", "txt"]
EngineOption = Literal["local", "dask"]


@contextmanager
def _usage_errors_exit_1() -> Iterator[None]:
    try:
        yield
    except UsageError as exc:
        exc.exit_code = 1
        raise


class _Group(TyperGroup):
    """Parsing of this group and of its subcommands runs through these two methods,
    which is where a usage error can still be given exit code 1."""

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        with _usage_errors_exit_1():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        with _usage_errors_exit_1():
            return super().invoke(ctx)


app = typer.Typer(
    cls=_Group,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Strip the chrome from web pages (HTML or text dumps) and keep the article.",
)
golden_app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    help="Golden cases: pages with the article we expect, checked on every change.",
)
app.add_typer(golden_app, name="golden")

KIND_HELP = "auto sniffs HTML from the content; html or text forces one reading."
Kind = Annotated[KindOption, typer.Option(help=KIND_HELP)]
RulesFile = Annotated[
    Path | None,
    typer.Option("--rules", dir_okay=False, help="A TOML file of your own rules, per site or for all pages."),
]


def _load_rules(path: Path | None) -> UserRules | None:
    """A bad rules file is a usage error: nothing is cleaned with rules the user did not mean."""
    if path is None:
        return None
    try:
        return load_rules(path)
    except RulesError as exc:
        _usage(str(exc))


def _usage(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"clean {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Strip the chrome from web pages (HTML or text dumps) and keep the article."""


# --- run -----------------------------------------------------------------------------


@contextmanager
def _progress(total: int | None) -> Iterator[Callable[[], None]]:
    """A progress bar for people watching a terminal; nothing in logs or pipes."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    # auto_refresh off: no refresh thread alive when the process pool forks its workers
    with Progress(console=Console(stderr=True), transient=True, auto_refresh=False) as bar:
        task = bar.add_task("cleaning", total=total)
        yield lambda: bar.update(task, advance=1, refresh=True)


def _errors_path(output: Path | None, jsonl: Path | None) -> Path:
    """Next to the results, so one run's outputs stay together."""
    if output is not None:
        return output / "errors.jsonl"
    assert jsonl is not None
    return jsonl.with_name(f"{jsonl.stem}.errors.jsonl")


def _read_stdin() -> bytes:
    return typer.get_binary_stream("stdin").read()


@app.command()
def run(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            show_default=False,
            help="Files, directories (searched for .txt, .html, .htm, .html.gz, .jsonl, .warc "
            "and .warc.gz; hidden ones skipped), glob patterns, or - for stdin.",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            file_okay=False,
            help="Directory for <id>.json per page, and errors.jsonl when pages fail.",
        ),
    ] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            dir_okay=False,
            help="Write one JSON line per page to this file instead. Failures go to "
            "OUTPUT/errors.jsonl, or next to it as <name>.errors.jsonl without -o.",
        ),
    ] = None,
    explain: Annotated[
        bool, typer.Option(help="Add `removed`: each dropped block and the rule that dropped it.")
    ] = False,
    kind: Kind = "auto",
    workers: Annotated[
        int | None,
        typer.Option(min=1, show_default=False, help="Processes to use (default: CPU count)."),
    ] = None,
    rules: RulesFile = None,
    fmt: Annotated[
        FormatOption,
        typer.Option(
            "--format",
            help="json: OUTPUT/<id>.json; jsonl: one line per page in OUTPUT/articles.jsonl; "
            "md: OUTPUT/<id>.md; txt: OUTPUT/<id>.txt (the text only).",
        ),
    ] = "json",
    timeout: Annotated[
        float,
        typer.Option(min=0, help="Seconds one page may take before it fails with reason timeout (0: no limit)."),
    ] = DEFAULT_TIMEOUT,
    max_bytes: Annotated[
        int,
        typer.Option(min=1, help="Pages larger than this many bytes fail with reason too-large."),
    ] = Options().max_bytes,
    resume: Annotated[
        bool, typer.Option(help="Keep earlier outputs and skip the pages they (or errors.jsonl) already hold.")
    ] = False,
    engine: Annotated[
        EngineOption, typer.Option(help="local: processes on this machine; dask: a Dask distributed cluster.")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (default: a local cluster of --workers processes)."),
    ] = None,
) -> None:
    """Clean many pages into OUTPUT/<id>.json (id = file stem), or into one JSONL file.

    Exits 0 when every page was cleaned, 2 when some failed (see errors.jsonl), and 1 on
    usage errors. The output is the same whatever the number of workers.
    """
    if output is None and jsonl is None:
        _usage("give an output directory (-o DIR) or a JSONL file (--jsonl FILE)")
    if jsonl is None and fmt == "jsonl":
        assert output is not None
        jsonl = output / "articles.jsonl"
    try:
        sources = discover(inputs, _read_stdin)
    except InputError as exc:
        _usage(str(exc))
    if not sources:
        _usage("no pages found in the inputs (.txt, .html, .htm, .html.gz, .jsonl, .warc files)")
    errors_path = _errors_path(output, jsonl)
    options = Options(
        kind=kind, explain=explain, max_bytes=max_bytes, timeout=timeout or None, rules=_load_rules(rules)
    )
    n_workers = workers or os.cpu_count() or 1
    if engine == "dask":
        from .dask import run_on_dask

        if output is None:
            _usage("--engine dask writes partitioned JSONL: give an output directory (-o DIR)")
        summary = run_on_dask(sources, output, options=options, workers=n_workers, scheduler=scheduler, resume=resume)
        errors_path = output / "errors-*.jsonl"
    else:
        with (
            BatchWriter(outdir=output, jsonl=jsonl, errors_path=errors_path, fmt=fmt, resume=resume) as writer,
            _progress(None if any(is_container(s) for s in sources) else len(sources)) as advance,
        ):
            summary = run_batch(sources, writer, options=options, workers=n_workers, on_page=advance)
    settings = {"format": "jsonl" if jsonl else fmt, "resume": resume, "engine": engine, "workers": n_workers}
    write_run_record(run_record_path(output, jsonl), run_record(summary, options, inputs, settings))
    typer.echo(summary.line(), err=True)
    # with --resume, failures of the earlier runs count too: the exit code is the job's
    failures = [errors_path] if errors_path.exists() else sorted(errors_path.parent.glob("errors-*.jsonl"))
    if summary.failed or (resume and any(p.stat().st_size for p in failures)):
        typer.echo(f"failures: {', '.join(map(str, failures))}", err=True)
        raise typer.Exit(2)


# --- fetch ---------------------------------------------------------------------------


def _read_urls(path: str) -> list[str]:
    try:
        text = _read_stdin().decode("utf-8") if path == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        _usage(f"cannot read URL list {path}: {exc}")
    return read_url_list(text)


@app.command()
def fetch(
    urls: Annotated[
        list[str] | None,
        typer.Argument(metavar="URL...", show_default=False, help="http(s) URLs to fetch."),
    ] = None,
    url_file: Annotated[
        str | None,
        typer.Option("--urls", help="A file of URLs, one a line (# comments allowed), or - for stdin."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", file_okay=False, help="Directory for <id>.json per page and errors.jsonl."),
    ] = None,
    warc: Annotated[
        Path | None,
        typer.Option(dir_okay=False, help="Also keep every fetched response in this WARC file (.warc.gz)."),
    ] = None,
    explain: Annotated[
        bool, typer.Option(help="Add `removed`: each dropped block and the rule that dropped it.")
    ] = False,
    kind: Kind = "auto",
    user_agent: Annotated[
        str, typer.Option(help="User-Agent to send; put a contact URL or e-mail in it.")
    ] = DEFAULT_USER_AGENT,
    delay: Annotated[float, typer.Option(min=0, help="Seconds between two requests to one host.")] = 1.0,
    concurrency: Annotated[int, typer.Option(min=1, help="Requests in flight, all hosts together.")] = 4,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds allowed for one whole response (connect and read within it).")
    ] = 60.0,
    max_bytes: Annotated[int, typer.Option(min=1, help="Largest body accepted, in bytes.")] = 10_000_000,
    retries: Annotated[int, typer.Option(min=0, help="Extra attempts on 429, 5xx and dropped connections.")] = 3,
    max_redirects: Annotated[int, typer.Option(min=0, help="Redirects followed per URL.")] = 10,
    allow_private: Annotated[
        bool, typer.Option(help="Also fetch from loopback and private-network addresses (refused by default).")
    ] = False,
    ca_certs: Annotated[
        Path | None,
        typer.Option(exists=True, dir_okay=False, help="PEM file of certificate authorities to trust for https."),
    ] = None,
) -> None:
    """Fetch pages (robots.txt honoured, paced per host) and clean them into OUTPUT/<id>.json.

    Ids come from the URLs. Exits 0 when every URL was fetched and cleaned, 2 when some
    failed (see errors.jsonl), and 1 on usage errors.
    """
    if output is None:
        _usage("give an output directory (-o DIR)")
    wanted = list(urls or [])
    if url_file is not None:
        wanted += _read_urls(url_file)
    if not wanted:
        _usage("give URLs as arguments or in a file (--urls FILE)")
    try:
        fetch_options = FetchOptions(
            user_agent=user_agent,
            delay=delay,
            concurrency=concurrency,
            connect_timeout=min(10.0, timeout),
            read_timeout=min(20.0, timeout),
            deadline=timeout,
            max_bytes=max_bytes,
            retries=retries,
            max_redirects=max_redirects,
            allow_private=allow_private,
            ca_certs=str(ca_certs) if ca_certs is not None else None,
        )
    except ValueError as exc:
        _usage(str(exc))
    with _progress(len(wanted)) as advance:
        summary = crawl(
            wanted,
            output,
            fetch_options=fetch_options,
            options=Options(kind=kind, explain=explain),
            warc=warc,
            on_page=advance,
        )
    typer.echo(summary.line(), err=True)
    if summary.failed:
        typer.echo(f"failures: {output / 'errors.jsonl'}", err=True)
        raise typer.Exit(2)


# --- show ----------------------------------------------------------------------------


def _header(article: Article) -> list[tuple[str, str]]:
    return [
        ("title", article.title or "-"),
        ("authors", "; ".join(article.authors) or "-"),
        ("date", article.published or "-"),
        ("publisher", article.publisher or "-"),
        ("source", article.original_source or "-"),
        ("language", article.language or "-"),
    ]


def _blocks(article: Article) -> list[tuple[str | None, str]]:
    """Kept paragraphs (rule None) and removed blocks (their rule), in page order."""
    paragraphs = article.paragraphs
    removed_at: dict[int, list[tuple[str | None, str]]] = defaultdict(list)
    for removal in article.removed or ():
        removed_at[min(removal.at, len(paragraphs))].append((removal.rule, removal.text))
    blocks: list[tuple[str | None, str]] = []
    for index in range(len(paragraphs) + 1):
        blocks += removed_at[index]
        if index < len(paragraphs):
            blocks.append((None, paragraphs[index]))
    return blocks


def render_plain(article: Article) -> str:
    """The article as plain text: metadata lines, then paragraphs; removed blocks, when
    the article carries them, appear in place as `[rule] text`."""
    width = max(len(label) for label, _ in _header(article))
    lines = [f"{label + ':':<{width + 1}} {value}" for label, value in _header(article)]
    blocks = [text if rule is None else f"[{rule}] {text}" for rule, text in _blocks(article)]
    body = "\n\n".join(blocks) if blocks else "(no article text)"
    return "\n".join(lines) + "\n\n" + body + "\n"


def _print_rich(article: Article) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False)
    for label, value in _header(article):
        console.print(Text.assemble((f"{label:>9} ", "bold cyan"), value))
    console.rule()
    blocks = _blocks(article)
    for rule, text in blocks:
        if rule is None:
            console.print(Text(text))
        else:
            console.print(Text.assemble((f"[{rule}] ", "bold"), text, style="dim"))
        console.print()
    if not blocks:
        console.print(Text("(no article text)", style="dim"))


@app.command()
def show(
    page: Annotated[str, typer.Argument(help="A page file, or - for stdin.", show_default=False)],
    explain: Annotated[bool, typer.Option(help="Show every removed block in place, with its rule.")] = False,
    kind: Kind = "auto",
    url: Annotated[str | None, typer.Option(help="The page's URL, if known.")] = None,
    rules: RulesFile = None,
) -> None:
    """Print one page's cleaned text, metadata first. Exits 2 if the page cannot be cleaned."""
    options = Options(kind=kind, explain=explain, rules=_load_rules(rules))
    try:
        raw = _read_stdin() if page == "-" else Path(page).read_bytes()
    except OSError as exc:
        _usage(f"cannot read {page}: {exc.strerror or exc}")
    try:
        article = clean_page(raw, url=url, options=options)
    except CleanError as exc:
        typer.echo(f"error: {page}: {exc.reason}: {exc}", err=True)
        raise typer.Exit(2) from exc
    if sys.stdout.isatty():
        _print_rich(article)
    else:
        typer.echo(render_plain(article), nl=False)


# --- report --------------------------------------------------------------------------


@app.command()
def report(
    outputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="OUTPUT...",
            show_default=False,
            help="Output folders of `clean run --explain` (<id>.json, *.jsonl, errors.jsonl) or JSONL files.",
        ),
    ],
    out: Annotated[Path, typer.Option("--output", "-o", dir_okay=False, help="The HTML file to write.")] = Path(
        "report.html"
    ),
) -> None:
    """Write one self-contained HTML page to review what was kept and removed, and why."""
    from .report import write_report

    try:
        data = write_report(outputs, out)
    except FileNotFoundError as exc:
        _usage(str(exc))
    o = data["overview"]
    typer.echo(f"{out}: {o['pages']} pages, {o['failed']} failed, {o['removed_words']} words removed", err=True)


# --- golden --------------------------------------------------------------------------

CaseDir = Annotated[Path, typer.Argument(help="Folder of case folders.", file_okay=False, show_default=False)]


# (prefix, colour, bold) for unified-diff lines; the first matching prefix wins.
_DIFF_STYLES: tuple[tuple[str, str | None, bool], ...] = (
    ("+++", None, True),
    ("---", None, True),
    ("@@", "cyan", False),
    ("+", "green", False),
    ("-", "red", False),
)


def _echo_report(report: str) -> None:
    """Colour diff lines on a terminal; `secho` drops the colour when piped."""
    for line in report.splitlines():
        style = next((s for s in _DIFF_STYLES if line.lstrip().startswith(s[0])), None)
        if style is None:
            typer.echo(line)
        else:
            typer.secho(line, fg=style[1], bold=style[2])
    typer.echo()


def _cases(directory: Path) -> list[golden.Case]:
    try:
        cases = golden.load_cases(directory)
    except golden.CaseError as exc:
        _usage(str(exc))
    if not cases:
        _usage(f"no cases in {directory} (folders holding input.txt or input.html)")
    return cases


def _check_case(case: golden.Case) -> golden.Result:
    try:
        return golden.check_case(case)
    except golden.CaseError as exc:
        _usage(str(exc))


@golden_app.command("check")
def golden_check(directory: CaseDir) -> None:
    """Clean every case and compare with its expected.json; check it is stable too.

    Prints a diff per case that differs and exits 1, or prints "N cases OK".
    """
    cases = _cases(directory)
    failed = 0
    for case in cases:
        result = _check_case(case)
        if not result.ok:
            failed += 1
            _echo_report(result.report())
    if failed:
        typer.echo(f"{failed} of {len(cases)} cases differ or are unstable")
        raise typer.Exit(1)
    typer.echo(f"{len(cases)} cases OK")


@golden_app.command("update")
def golden_update(directory: CaseDir) -> None:
    """Rewrite expected.json for every case that changed or is new, showing what changed.

    Exits 1 if some case is unstable, which no update can fix.
    """
    cases = _cases(directory)
    updated = unstable = 0
    for case in cases:
        result = _check_case(case)
        if result.changes:
            golden.write_expected(case, result.actual)
            updated += 1
        if not result.ok:
            _echo_report(result.report())
        unstable += bool(result.unstable)
    typer.echo(f"{updated} of {len(cases)} cases updated")
    if unstable:
        typer.echo(f"{unstable} cases unstable: cleaning their text again removes more")
        raise typer.Exit(1)


@golden_app.command("add")
def golden_add(
    page: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, help="The page to copy in.", show_default=False),
    ],
    directory: CaseDir,
    name: Annotated[str | None, typer.Option(help="Case folder name (default: slug of the file name).")] = None,
    url: Annotated[str | None, typer.Option(help="Saved to options.json.")] = None,
    kind: Kind = "auto",
    header: Annotated[
        list[str] | None,
        typer.Option(help="An HTTP response header, 'Name: value' (repeatable), saved to options.json."),
    ] = None,
) -> None:
    """Copy PAGE into DIRECTORY/NAME/ as a new case and write its expected.json."""
    headers = {}
    for line in header or ():
        field, sep, value = line.partition(":")
        if not sep or not field.strip():
            _usage(f"--header {line!r}: expected 'Name: value'")
        headers[field.strip()] = value.strip()
    try:
        case = golden.add_case(page, directory, name=name, url=url, kind=kind, headers=headers)
    except golden.CaseError as exc:
        _usage(str(exc))
    typer.echo(f"added {case.folder}")
    try:
        article = golden.clean_case(case)
    except CleanError as exc:
        typer.echo(f"expected: refused with {exc.reason}: {exc}")
        return
    typer.echo(render_plain(article), nl=False)
    for problem in golden.check_stable(article):
        typer.echo(problem)


def main() -> None:
    app(prog_name="clean")
