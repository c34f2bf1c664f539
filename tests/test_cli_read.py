"""`claimledger read` as a user runs it: JSON valid against claim.schema.json, bad input is one line."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from claimledger.cli import main

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.txt"))
SCHEMA = json.loads(resources.files("claimledger").joinpath("data/claim.schema.json").read_text(encoding="utf-8"))


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _extends(ours: object, design: object, where: str = "schema") -> None:
    """Our schema keeps every part of the design's as it is and only adds optional properties."""
    if isinstance(design, dict):
        assert isinstance(ours, dict), where
        for key, value in design.items():
            assert key in ours, f"{where}: {key} missing"
            _extends(ours[key], value, f"{where}.{key}")
        if "properties" in design:
            added = set(ours["properties"]) - set(design["properties"])
            assert not added & set(ours.get("required", [])), f"{where}: added properties must be optional"
            assert ours.get("required") == design.get("required"), f"{where}: required changed"
    else:
        assert ours == design, where


def test_schema_copy_extends_the_design(shared_dir: Path) -> None:
    design = json.loads((shared_dir / "design" / "claim.schema.json").read_text(encoding="utf-8"))
    _extends(SCHEMA, design)
    claim = SCHEMA["$defs"]["claim"]["properties"]
    assert {"rate", "conflict", "partisan", "admission"} <= set(claim)
    assert "side" in claim["sources"]["items"]["properties"]


def test_schema_extension_check_fails_on_a_changed_design_field(shared_dir: Path) -> None:
    design = json.loads((shared_dir / "design" / "claim.schema.json").read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(SCHEMA))
    broken["$defs"]["claim"]["properties"]["status"]["enum"].remove("denied")
    with pytest.raises(AssertionError):
        _extends(broken, design)


@pytest.mark.acceptance
def test_seed_json_validates(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (seed,) = sorted((shared_dir / "seed").glob("*.txt"))
    args = ["read", str(seed), "--published", "2022-03-15", "--outlet", "Metro", "--format", "json"]
    code, out, _ = run_cli(args, capsys)
    assert code == 0
    data = json.loads(out)
    jsonschema.validate(data, SCHEMA)
    assert data["article"]["outlet"] == "Metro" and len(data["claims"]) >= 8


def test_examples_exercise_every_category_and_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert len(EXAMPLES) >= 3
    code, out, _ = run_cli(["read", *map(str, EXAMPLES), "--format", "json"], capsys)
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    claims = [c for r in results for c in r["claims"]]
    for result in results:
        jsonschema.validate(result, SCHEMA)
        assert "INVENTED EXAMPLE" in result["article"]["text"]
    assert {"dead", "wounded", "missing", "captured", "displaced"} <= {c["category"] for c in claims}
    assert {"reported", "unverified", "disputed"} <= {c["status"] for c in claims}
    assert any(c["count"]["low"] is None and c["count"]["high"] is not None for c in claims)  # "up to", "nearly"
    assert any(c["when"]["as_of"] for c in claims)


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["read", str(EXAMPLES[0]), "--format", "table"], capsys)
    assert code == 0 and "dead" in out and "Example Daily" in out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "binary"),
        ("huge.txt", b"Twelve people were killed. " * (20 * 1024 * 1024 // 27), "over the"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run_cli(["read", str(path), "--format", "json"], capsys)
    assert code != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert name in err and message in err and "Traceback" not in err


def test_cp1251_file_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes("В Харькове погибли 12 человек. Twelve civilians were killed.".encode("cp1251"))
    code, out, _ = run_cli(["read", str(path), "--format", "json"], capsys)
    assert code == 0
    assert "Харькове" in json.loads(out)["article"]["text"]


def test_a_batch_goes_on_past_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code, out, err = run_cli(["read", str(bad), str(EXAMPLES[0]), "--format", "json"], capsys)
    assert code == 1
    assert len(out.splitlines()) == 1 and "empty.txt" in err


def test_stdin_and_no_traceback_from_the_console_script(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "claimledger.cli", "read", "-", "--format", "json", "--published", "2022-04-07"],
        input=b"At least 12 civilians were killed in Kramatorsk on Tuesday, officials said.",
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    claim = json.loads(proc.stdout)["claims"][0]
    assert claim["count"]["low"] == 12 and claim["when"]["start"] == "2022-04-05"
    missing = subprocess.run(
        [sys.executable, "-m", "claimledger.cli", "read", str(tmp_path / "nope.txt")], capture_output=True, check=False
    )
    assert missing.returncode == 1 and b"Traceback" not in missing.stderr and b"nope.txt" in missing.stderr


def _article(tmp_path: Path, name: str, published: str | None, sentence: str) -> Path:
    front = f"---\npublished: {published}\noutlet: Example {name}\n---\n" if published else ""
    path = tmp_path / f"{name}.txt"
    path.write_text(front + sentence, encoding="utf-8")
    return path


def test_several_files_keep_their_own_dates_and_a_shared_date_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _article(tmp_path, "first", "2022-04-07", "Twelve civilians were killed in Kramatorsk on Tuesday.")
    second = _article(tmp_path, "second", "2022-06-20", "Five soldiers were killed in Izium on Sunday.")
    bare = _article(tmp_path, "bare", None, "Three people were wounded in Kharkiv on Monday.")
    code, out, _ = run_cli(["read", str(first), str(second), "--format", "json"], capsys)
    assert code == 0
    dated = [(r["article"]["published"], r["article"]["outlet"]) for r in map(json.loads, out.splitlines())]
    assert dated == [("2022-04-07", "Example first"), ("2022-06-20", "Example second")]
    claims = [json.loads(line)["claims"][0]["when"]["start"] for line in out.splitlines()]
    assert claims == ["2022-04-05", "2022-06-19"]  # each "on Tuesday"/"on Sunday" against its own date

    code, out, err = run_cli(["read", str(first), str(bare), "--published", "2022-05-02"], capsys)
    assert code == 2 and out == "" and "--same-published" in err and "Traceback" not in err

    args = ["read", str(first), str(bare), "--published", "2022-05-02", "--same-published", "--format", "json"]
    code, out, _ = run_cli(args, capsys)
    assert code == 0
    assert [json.loads(line)["article"]["published"] for line in out.splitlines()] == ["2022-04-07", "2022-05-02"]


def test_one_file_takes_the_options_as_its_own(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _article(tmp_path, "first", "2022-04-07", "Twelve civilians were killed in Kramatorsk on Tuesday.")
    code, out, _ = run_cli(["read", str(first), "--published", "2022-05-20", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["article"]["published"] == "2022-05-20"


@pytest.mark.parametrize("value", ["2022-13-45", "yesterday-ish", "2022-02-30"])
def test_a_published_date_that_is_no_date_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    first = _article(tmp_path, "first", None, "Twelve civilians were killed.")
    code, out, err = run_cli(["read", str(first), "--published", value], capsys)
    assert code == 2 and out == ""
    assert f"--published {value!r} is not a date" in err and "YYYY-MM-DD" in err


def test_read_a_url_fetches_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    """`read URL` fetches as `ingest` does (a server on 127.0.0.1: no network)."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = (
        b"<html><head><title>Shelling in Kramatorsk</title><meta property='og:site_name' content='Example Post'>"
        b"<meta name='date' content='2022-04-07'></head><body><article><h1>Shelling in Kramatorsk</h1>"
        b"<p>At least 12 civilians were killed when shells hit a bus station in Kramatorsk on Tuesday, the regional "
        b"governor said. Rescue workers searched the rubble through the night for more victims.</p>"
        b"<p>Hospitals in the city said they were treating dozens of wounded people, many of them children.</p>"
        b"</article></body></html>"
    )

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self.send_response(200 if self.path == "/article" else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page if self.path == "/article" else b"")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        code, out, err = run_cli(["read", f"{base}/article", "--format", "json"], capsys)
        assert code == 0, err
        data = json.loads(out)
        assert data["article"]["url"] == f"{base}/article"
        assert any(c["count"]["low"] == 12 for c in data["claims"])
        code, out, err = run_cli(["read", f"{base}/missing"], capsys)
        assert code == 1 and "HTTP 404" in err and f"{base}/missing" in err and "Traceback" not in err
    finally:
        server.shutdown()
