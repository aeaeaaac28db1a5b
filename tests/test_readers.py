from __future__ import annotations

import json
from pathlib import Path

import pytest

from cscoach.ingest import ReadError, ReadOptions, load


def read(path: Path, **options: object) -> list:
    return list(load([str(path)], ReadOptions(**options)))  # type: ignore[arg-type]


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


CANONICAL = {
    "id": "T-1042",
    "channel": "chat",
    "metadata": {"agent": "Sam", "team": "billing"},
    "turns": [
        {
            "role": "customer",
            "speaker": "Dana",
            "text": "I was charged twice!",
            "timestamp": "2026-05-01T10:00:00Z",
        },
        {
            "role": "agent",
            "speaker": "Sam",
            "text": "I'm sorry, Dana. Let me fix that.",
            "labels": ["apology", "personalization"],
        },
    ],
}


def test_canonical_json_object(tmp_path: Path) -> None:
    (conv,) = read(write(tmp_path, "t.json", json.dumps(CANONICAL)))
    assert conv.id == "T-1042" and conv.channel == "chat" and conv.agent == "Sam"
    assert [t.role for t in conv.turns] == ["customer", "agent"]
    assert conv.turns[0].timestamp == "2026-05-01T10:00:00Z"
    assert conv.turns[1].labels == ("apology", "personalization")
    assert not conv.roles_inferred


def test_canonical_json_list_and_jsonl(tmp_path: Path) -> None:
    second = {**CANONICAL, "id": "T-2"}
    assert [c.id for c in read(write(tmp_path, "l.json", json.dumps([CANONICAL, second])))] == [
        "T-1042",
        "T-2",
    ]
    lines = json.dumps(CANONICAL) + "\n\n" + json.dumps(second) + "\n"
    assert [c.id for c in read(write(tmp_path, "l.jsonl", lines))] == ["T-1042", "T-2"]


def test_jsonl_bad_line_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    lines = json.dumps(CANONICAL) + "\n{not json\n" + json.dumps({**CANONICAL, "id": "T-3"}) + "\n"
    items = read(write(tmp_path, "mixed.jsonl", lines))
    assert [type(i).__name__ for i in items] == ["Conversation", "ReadError", "Conversation"]
    assert "mixed.jsonl:2" in str(items[1])


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"id": "x"}, "missing 'turns'"),
        ({"turns": [{"role": "customer"}]}, "turn 1 has no 'text'"),
        ({"turns": [{"role": "wizard", "text": "hi"}]}, "unknown role 'wizard'"),
        ({"turns": [{"role": "agent", "text": "hi", "labels": ["kindness"]}]}, "unknown label"),
        ([1], "expected a conversation object"),
    ],
)
def test_canonical_errors_are_one_line_and_name_the_file(
    tmp_path: Path, payload, message: str
) -> None:
    (error,) = read(write(tmp_path, "bad.json", json.dumps(payload)))
    assert isinstance(error, ReadError)
    assert message in str(error) and "bad.json" in str(error) and "\n" not in str(error)


def test_text_log_with_timestamps_and_multiline_turns(tmp_path: Path) -> None:
    log = (
        "[10:32] Dana: my router keeps dropping\n"
        "since Sunday.\n"
        "Note: it is the SL-400\n"
        "[10:33] Sam: Thanks for contacting Skyline, how can I help?\n"
        "[10:34] Dana: see above\n"
        "[10:35] Sam: I'll send a new filter.\n"
    )
    (conv,) = read(write(tmp_path, "chat.txt", log))
    assert [t.speaker for t in conv.turns] == ["Dana", "Sam", "Dana", "Sam"]
    assert conv.turns[0].text == "my router keeps dropping\nsince Sunday.\nNote: it is the SL-400"
    assert conv.turns[0].timestamp == "10:32" and conv.turns[0].line == 1
    assert [t.role for t in conv.turns] == ["customer", "agent", "customer", "agent"]
    assert conv.roles_inferred


def test_text_log_role_labels_are_not_inferred(tmp_path: Path) -> None:
    (conv,) = read(
        write(tmp_path, "c.log", "Customer: hi there\nAgent: hello!\nCustomer: thanks\n")
    )
    assert [t.role for t in conv.turns] == ["customer", "agent", "customer"]
    assert not conv.roles_inferred


def test_text_log_separator_splits_conversations(tmp_path: Path) -> None:
    log = "Customer: one\nAgent: a\n---\nCustomer: two\nAgent: b\n"
    assert [c.id for c in read(write(tmp_path, "two.txt", log))] == ["two#1", "two#2"]


def test_agent_option_decides_roles(tmp_path: Path) -> None:
    log = "Kim: hello\nLee: my order is late\nKim: checking\nLee: ok\n"
    (conv,) = read(write(tmp_path, "k.txt", log), agents=("Lee",))
    assert [t.role for t in conv.turns] == ["customer", "agent", "customer", "agent"]
    assert not conv.roles_inferred


def test_csv_groups_rows_by_conversation(tmp_path: Path) -> None:
    csv_text = (
        "ticket_id,author,author_type,message,created_at\n"
        'A,Raj,end-user,"Invoice is wrong,\nplease fix",2026-05-03\n'
        "A,Mia,agent,On it,2026-05-03\n"
        "B,Col,end-user,Refund please,2026-05-04\n"
    )
    convs = read(write(tmp_path, "x.csv", csv_text))
    assert [c.id for c in convs] == ["A", "B"]
    assert convs[0].turns[0].text == "Invoice is wrong,\nplease fix"
    assert [t.role for t in convs[0].turns] == ["customer", "agent"]
    assert convs[0].turns[1].line == 4


def test_csv_columns_option_maps_unknown_names(tmp_path: Path) -> None:
    path = write(tmp_path, "y.csv", "Who,Said\nCustomer,hi\nAgent,hello\n")
    (conv,) = read(path, columns={"role": "Who", "text": "Said"})
    assert [t.role for t in conv.turns] == ["customer", "agent"]


def test_csv_without_text_column_explains_the_fix(tmp_path: Path) -> None:
    (error,) = read(write(tmp_path, "z.csv", "a,b\n1,2\n"))
    assert isinstance(error, ReadError) and "--columns text=NAME" in str(error)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("\r ", "the file is empty"),  # a lone carriage return (found by hypothesis)
        (
            'role,text\nagent,"' + "x" * 200_000 + '"\n',
            "malformed CSV: field larger than field limit",
        ),
    ],
)
def test_malformed_csv_is_one_line_error(tmp_path: Path, content: str, reason: str) -> None:
    (error,) = read(write(tmp_path, "bad.csv", content))
    assert isinstance(error, ReadError) and reason in str(error)
    assert "\n" not in str(error) and "bad.csv" in str(error)


def test_email_thread_drops_quotes_and_signatures_history(tmp_path: Path) -> None:
    thread = (
        "From: Hana <hana@example.com>\nTo: help@shop.example\nSubject: broken\n\nThe lamp is broken.\n\n"
        "From: Sofia <sofia@shop.example>\nDate: Mon, 4 May 2026\nSubject: Re: broken\n\n"
        "Hi Hana, I'm sorry. I've issued a refund.\n\n"
        "On Mon, 4 May 2026, Hana wrote:\n> The lamp is broken.\n"
    )
    (conv,) = read(write(tmp_path, "mail.txt", thread))
    assert conv.channel == "email"
    assert [t.speaker for t in conv.turns] == ["Hana", "Sofia"]
    assert conv.turns[1].text == "Hi Hana, I'm sorry. I've issued a refund."
    assert conv.turns[1].role == "agent" and conv.turns[1].timestamp == "Mon, 4 May 2026"


def test_directories_globs_and_missing_paths(tmp_path: Path) -> None:
    write(tmp_path, "a.json", json.dumps(CANONICAL))
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.txt", "Customer: hi\nAgent: hello\n")
    write(tmp_path, "notes.md", "# not a transcript")
    assert len(list(load([str(tmp_path)]))) == 2
    assert len(list(load([str(tmp_path / "*.json")]))) == 1
    (missing,) = list(load([str(tmp_path / "nope.json")]))
    assert isinstance(missing, ReadError) and "no such file" in str(missing)


def test_unrecognised_content_lists_supported_formats(tmp_path: Path) -> None:
    (error,) = read(write(tmp_path, "weird.txt", "just some words\nwith no speakers\n"))
    assert isinstance(error, ReadError) and "json, jsonl, csv, text, email" in str(error)


def test_binary_file_is_skipped_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    (error,) = read(path)
    assert isinstance(error, ReadError) and "binary" in str(error)


def test_encodings_are_detected(tmp_path: Path) -> None:
    text = "Customer: café crème is cold\nAgent: désolé, I'll fix it\n"
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        path = tmp_path / f"enc-{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        (conv,) = read(path)
        assert conv.turns[0].text == "café crème is cold", encoding


def test_forced_input_format(tmp_path: Path) -> None:
    path = write(tmp_path, "chat.dat", "Customer: hi\nAgent: hello\n")
    (conv,) = read(path, input_format="text")
    assert len(conv.turns) == 2
