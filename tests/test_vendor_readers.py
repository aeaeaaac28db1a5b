"""Each export shape reads into the expected canonical conversation: roles, order, text, times."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cscoach.cli import app
from cscoach.ingest import ReadError, ReadOptions, load
from cscoach.ingest.common import html_to_text, visible_reply


def read_one(path: Path, **options: object):
    items = list(load([str(path)], ReadOptions(**options)))  # type: ignore[arg-type]
    assert len(items) == 1, items
    assert not isinstance(items[0], ReadError), items[0]
    return items[0]


def shape(conv) -> list[tuple[str, str | None, str]]:
    return [(t.role, t.speaker, t.text) for t in conv.turns]


def write_json(tmp_path: Path, name: str, data: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_zendesk_comments_with_users_side_load(tmp_path: Path) -> None:
    data = {
        "ticket": {"id": 7, "requester_id": 1, "subject": "Refund", "via": {"channel": "email"}},
        "users": [
            {"id": 1, "name": "Ana", "role": "end-user"},
            {"id": 2, "name": "Bo", "role": "agent"},
        ],
        "comments": [
            {
                "author_id": 1,
                "public": True,
                "body": "Where is my refund?",
                "created_at": "2026-01-01T10:00:00Z",
            },
            {
                "author_id": 2,
                "public": False,
                "body": "Check ledger",
                "created_at": "2026-01-01T10:01:00Z",
            },
            {
                "author_id": 2,
                "public": True,
                "html_body": "<p>Sent <b>today</b>.</p>",
                "created_at": "2026-01-01T10:02:00Z",
            },
        ],
    }
    conv = read_one(write_json(tmp_path, "z.json", data))
    assert (
        conv.id == "zendesk-7" and conv.channel == "email" and conv.metadata["subject"] == "Refund"
    )
    assert shape(conv) == [
        ("customer", "Ana", "Where is my refund?"),
        ("system", "Bo", "Check ledger"),
        ("agent", "Bo", "Sent today."),
    ]
    assert conv.turns[0].timestamp == "2026-01-01T10:00:00Z"


def test_zendesk_roles_from_requester_id_and_audits(tmp_path: Path) -> None:
    audits = {"audits": [{"ticket_id": 9, "created_at": "t1", "events": [
        {"type": "Comment", "author_id": 5, "public": True, "plain_body": "It broke again."},
        {"type": "Create", "field_name": "requester_id", "value": "5"}]},
        {"ticket_id": 9, "created_at": "t2", "events": [{"type": "Comment", "author_id": 6, "public": True, "body": "Replacing it."}]}]}  # fmt: skip
    conv = read_one(write_json(tmp_path, "a.json", audits))
    assert [t.role for t in conv.turns] == ["customer", "agent"] and conv.turns[1].timestamp == "t2"


def test_zendesk_chat(tmp_path: Path) -> None:
    chat = {"id": "c1", "visitor": {"name": "Visitor 1"}, "agent_names": ["Kim"], "history": [
        {"type": "chat.memberjoin", "name": "Visitor 1"},
        {"type": "chat.msg", "name": "Visitor 1", "msg": "hello?", "timestamp": "2026-01-01T00:00:01Z"},
        {"type": "chat.msg", "name": "Kim", "msg": "Hi! How can I help?", "timestamp": "2026-01-01T00:00:05Z"}]}  # fmt: skip
    conv = read_one(write_json(tmp_path, "chat.json", chat))
    assert shape(conv) == [
        ("customer", "Visitor 1", "hello?"),
        ("agent", "Kim", "Hi! How can I help?"),
    ]


def test_intercom_source_parts_notes_and_html(tmp_path: Path) -> None:
    data = {"type": "conversation", "id": "42", "created_at": 1700000000,
            "source": {"type": "conversation", "body": "<p>My <i>export</i> fails</p>", "author": {"type": "lead", "name": "Lee"}},
            "conversation_parts": {"conversation_parts": [
                {"part_type": "assignment", "body": None, "author": {"type": "bot"}, "created_at": 1700000010},
                {"part_type": "comment", "body": "<p>Which format?</p>", "author": {"type": "admin", "name": "Ada"}, "created_at": 1700000020},
                {"part_type": "note", "body": "<p>known bug</p>", "author": {"type": "admin", "name": "Ada"}, "created_at": 1700000030},
                {"part_type": "comment", "body": "<p>CSV</p>", "author": {"type": "user", "name": "Lee"}, "created_at": 1700000040}]}}  # fmt: skip
    conv = read_one(write_json(tmp_path, "i.json", data))
    assert shape(conv) == [("customer", "Lee", "My export fails"), ("agent", "Ada", "Which format?"),
                           ("system", "Ada", "known bug"), ("customer", "Lee", "CSV")]  # fmt: skip
    assert conv.turns[0].timestamp == "2023-11-14T22:13:20Z"


def test_freshdesk_ticket_with_conversations(tmp_path: Path) -> None:
    data = {"id": 3, "requester_id": 50, "description_text": "Jug cracked.", "created_at": "c0", "conversations": [
        {"incoming": False, "private": True, "user_id": 9, "body_text": "courier", "created_at": "c1"},
        {"incoming": False, "private": False, "user_id": 9, "from_email": "Nadia <n@x.example>", "body_text": "Replacement sent.", "created_at": "c2"},
        {"incoming": True, "private": False, "user_id": 50, "body": "<div>Thanks!</div>", "created_at": "c3"}]}  # fmt: skip
    conv = read_one(write_json(tmp_path, "f.json", data))
    assert [t.role for t in conv.turns] == ["customer", "system", "agent", "customer"]
    assert conv.turns[-1].text == "Thanks!" and conv.turns[2].speaker == "Nadia <n@x.example>"


def test_helpscout_threads_newest_first_are_put_in_order(tmp_path: Path) -> None:
    data = {"id": 1, "mailboxId": 2, "_embedded": {"threads": [
        {"type": "message", "createdAt": "2026-01-01T10:02:00Z", "createdBy": {"type": "user", "first": "Ines"}, "body": "<p>Fixed.</p>"},
        {"type": "lineitem", "createdAt": "2026-01-01T10:01:30Z", "createdBy": {"type": "user"}, "body": "Status changed"},
        {"type": "note", "createdAt": "2026-01-01T10:01:00Z", "createdBy": {"type": "user", "first": "Ines"}, "body": "looking"},
        {"type": "customer", "createdAt": "2026-01-01T10:00:00Z", "createdBy": {"type": "customer", "first": "Sam", "last": "K"}, "body": "Broken link"}]}}  # fmt: skip
    conv = read_one(write_json(tmp_path, "h.json", data))
    assert shape(conv) == [
        ("customer", "Sam K", "Broken link"),
        ("system", "Ines", "looking"),
        ("agent", "Ines", "Fixed."),
    ]


def test_front_messages(tmp_path: Path) -> None:
    data = {"_results": [
        {"is_inbound": False, "created_at": 20.0, "author": {"first_name": "Kai"}, "body": "<p>Done.</p>"},
        {"is_inbound": True, "created_at": 10.0, "recipients": [{"role": "from", "handle": "ola@x.example"}], "text": "Change my address?",
         "_links": {"related": {"conversation": "https://api2.frontapp.com/conversations/cnv_9"}}}]}  # fmt: skip
    conv = read_one(write_json(tmp_path, "front.json", data))
    assert conv.id == "front-cnv_9" or conv.id == "front-front"
    assert shape(conv) == [
        ("customer", "ola@x.example", "Change my address?"),
        ("agent", "Kai", "Done."),
    ]


def test_livechat_v3_and_archive(tmp_path: Path) -> None:
    v3 = {"chat": {"id": "Q1", "users": [{"id": "c", "name": "Vi", "type": "customer"}, {"id": "a", "name": "Al", "type": "agent"}],
                   "thread": {"events": [{"type": "message", "author_id": "c", "text": "hi", "created_at": "t1"},
                                         {"type": "system_message", "text": "Al joined"},
                                         {"type": "message", "author_id": "a", "text": "Hello Vi!", "created_at": "t2"}]}}}  # fmt: skip
    conv = read_one(write_json(tmp_path, "lc.json", v3))
    assert shape(conv) == [("customer", "Vi", "hi"), ("agent", "Al", "Hello Vi!")]
    archive = {"chats": [{"id": "A1", "messages": [{"author_name": "V", "user_type": "visitor", "text": "code?", "timestamp": 0},
                                                   {"author_name": "Aiko", "user_type": "agent", "text": "Here.", "timestamp": 60}]}]}  # fmt: skip
    conv = read_one(write_json(tmp_path, "lca.json", archive))
    assert [t.role for t in conv.turns] == ["customer", "agent"] and conv.turns[
        1
    ].timestamp == "1970-01-01T00:01:00Z"


def test_aws_call_analytics_and_contact_lens(tmp_path: Path) -> None:
    transcribe = {"JobName": "call-7", "Transcript": [
        {"ParticipantRole": "AGENT", "Content": "Thanks for calling.", "BeginOffsetMillis": 0},
        {"ParticipantRole": "CUSTOMER", "Content": "My bill", "BeginOffsetMillis": 1500},
        {"ParticipantRole": "CUSTOMER", "Content": "doubled.", "BeginOffsetMillis": 2500}]}  # fmt: skip
    conv = read_one(write_json(tmp_path, "t.json", transcribe))
    assert conv.id == "call-call-7" and conv.channel == "voice"
    assert shape(conv) == [
        ("agent", "Agent", "Thanks for calling."),
        ("customer", "Customer", "My bill doubled."),
    ]
    assert conv.turns[1].timestamp == "1.50s"
    lens = {"CustomerMetadata": {"ContactId": "c-1"}, "Participants": [{"ParticipantId": "P1", "ParticipantRole": "CUSTOMER"}],
            "Transcript": [{"ParticipantId": "P1", "Content": "Hello", "BeginOffsetMillis": 0},
                           {"ParticipantId": "AGENT", "Content": "Hi there", "BeginOffsetMillis": 900}]}  # fmt: skip
    conv = read_one(write_json(tmp_path, "cl.json", lens))
    assert conv.id == "call-c-1" and [t.role for t in conv.turns] == ["customer", "agent"]


def test_google_ccai_insights(tmp_path: Path) -> None:
    data = {"name": "projects/p/locations/l/conversations/77", "medium": "PHONE_CALL", "transcript": {"transcriptSegments": [
        {"text": "I need help", "segmentParticipant": {"role": "END_USER"}, "messageTime": "m1"},
        {"text": "Sure.", "segmentParticipant": {"role": "HUMAN_AGENT"}, "messageTime": "m2"}]}}  # fmt: skip
    conv = read_one(write_json(tmp_path, "g.json", data))
    assert (
        conv.id == "ccai-77"
        and conv.channel == "voice"
        and [t.role for t in conv.turns] == ["customer", "agent"]
    )


def test_webvtt_voices_merge_consecutive_cues(tmp_path: Path) -> None:
    path = tmp_path / "call.vtt"
    path.write_text(
        "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Dana>My router keeps\n\n00:02.000 --> 00:03.000\n<v Dana>restarting.\n\n"
        "00:03.500 --> 00:05.000\n<v.loud Agent Leo>I'm <i>sorry</i>, Dana.</v>\n",
        encoding="utf-8",
    )
    conv = read_one(path)
    assert shape(conv) == [
        ("customer", "Dana", "My router keeps restarting."),
        ("agent", "Agent Leo", "I'm sorry, Dana."),
    ]
    assert conv.turns[1].timestamp == "00:00:03.500"


def test_twitter_csv_threads_into_conversations(tmp_path: Path) -> None:
    path = tmp_path / "twcs.csv"
    path.write_text(
        "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"
        "3,Acme,False,Tue Oct 31 22:14:02 +0000 2017,@a Sorry! DM us.,4,1.0\n"
        "1,a,True,Tue Oct 31 22:10:47 +0000 2017,@Acme broken,3,\n"
        "9,b,True,Tue Oct 31 23:00:00 +0000 2017,@Acme other issue,,\n"
        "4,a,True,Tue Oct 31 22:20:13 +0000 2017,@Acme done,,3\n",
        encoding="utf-8",
    )
    convs = list(load([str(path)]))
    assert [c.id for c in convs] == ["tweet-1", "tweet-9"]
    assert shape(convs[0]) == [
        ("customer", "a", "@Acme broken"),
        ("agent", "Acme", "@a Sorry! DM us."),
        ("customer", "a", "@Acme done"),
    ]
    assert convs[0].turns[1].line == 2


def test_slack_export_folder(tmp_path: Path) -> None:
    root = tmp_path / "export"
    (root / "help").mkdir(parents=True)
    (root / "users.json").write_text(json.dumps([
        {"id": "U1", "real_name": "Maya"}, {"id": "U2", "real_name": "Oscar"}, {"id": "B1", "real_name": "Bot", "is_bot": True}]), encoding="utf-8")  # fmt: skip
    (root / "help" / "2026-05-10.json").write_text(json.dumps([
        {"type": "message", "subtype": "channel_join", "user": "U1", "text": "joined", "ts": "1.0"},
        {"type": "message", "user": "U1", "text": "login fails for <@U2>'s team", "ts": "2.0", "thread_ts": "2.0"},
        {"type": "message", "user": "B1", "text": "ticket created", "ts": "3.0", "thread_ts": "2.0"},
        {"type": "message", "user": "U2", "text": "Fixed, see <https://status.example|status>", "ts": "4.0", "thread_ts": "2.0"},
        {"type": "message", "user": "U1", "text": "unrelated", "ts": "9.0"}]), encoding="utf-8")  # fmt: skip
    convs = list(load([str(tmp_path)], ReadOptions(agents=("Oscar",))))
    assert [c.id for c in convs] == ["slack-help-thread-2.0", "slack-help-2026-05-10"]
    assert shape(convs[0]) == [("customer", "Maya", "login fails for @Oscar's team"), ("bot", "Bot", "ticket created"),
                               ("agent", "Oscar", "Fixed, see status")]  # fmt: skip
    day_file = root / "help" / "2026-05-10.json"
    assert [c.source for c in convs] == [str(day_file), str(day_file)]  # a file, not the folder


def test_slack_annotations_point_at_day_files(tmp_path: Path) -> None:
    root = tmp_path / "export"
    (root / "help").mkdir(parents=True)
    (root / "users.json").write_text(json.dumps([{"id": "U1", "real_name": "Maya"}, {"id": "U2", "real_name": "Oscar"}]))  # fmt: skip
    (root / "help" / "2026-05-10.json").write_text(json.dumps([
        {"type": "message", "user": "U1", "text": "my refund never arrived", "ts": "2.0", "thread_ts": "2.0"}]))  # fmt: skip
    (root / "help" / "2026-05-11.json").write_text(json.dumps([
        {"type": "message", "user": "U2", "text": "That's not our problem, read the FAQ.", "ts": "90000.0", "thread_ts": "2.0"}]))  # fmt: skip
    runner = CliRunner()
    github = runner.invoke(app, ["analyze", str(tmp_path), "-f", "github", "-a", "Oscar"]).stdout
    files = set(re.findall(r"file=([^,:]+)", github))
    assert files == {str(root / "help" / "2026-05-10.json")}  # the thread starts there
    sarif = json.loads(
        runner.invoke(app, ["analyze", str(tmp_path), "-f", "sarif", "-a", "Oscar"]).stdout
    )
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert uris and all(uri.endswith("help/2026-05-10.json") for uri in uris)


MESSAGE = """From: {sender}
To: help@shop.example
Subject: {subject}
Date: {date}
Message-ID: <{mid}>
{extra}Content-Type: {ctype}; charset=utf-8

{body}
"""


def eml(tmp_path: Path, name: str, **fields: str) -> Path:
    values = {"extra": "", "ctype": "text/plain", **fields}
    path = tmp_path / name
    path.write_text(MESSAGE.format(**values), encoding="utf-8")
    return path


def test_eml_files_thread_by_references_and_strip_quotes(tmp_path: Path) -> None:
    eml(tmp_path, "1.eml", sender="Ana <ana@x.example>", subject="Broken lamp", date="Mon, 4 May 2026 08:00:00 +0000",
        mid="a1@x", body="The lamp arrived broken.")  # fmt: skip
    eml(tmp_path, "2.eml", sender="Sofia <sofia@shop.example>", subject="RE: Broken lamp", date="Mon, 4 May 2026 09:00:00 +0000",
        mid="s1@shop", extra="In-Reply-To: <a1@x>\n", ctype="text/html",
        body="<p>Hi Ana, I'm sorry. I've refunded it.</p><div class='gmail_quote'>On Mon Ana wrote:<blockquote>broken</blockquote></div>")  # fmt: skip
    eml(tmp_path, "3.eml", sender="Ana <ana@x.example>", subject="Re: Broken lamp", date="Mon, 4 May 2026 10:00:00 +0000",
        mid="a2@x", extra="References: <a1@x> <s1@shop>\n",
        body="Thanks!\n\nSent from my iPhone\n\nOn Mon, 4 May 2026 at 09:00, Sofia <sofia@shop.example> wrote:\n> Hi Ana")  # fmt: skip
    eml(tmp_path, "4.eml", sender="Out Of Office <ooo@shop.example>", subject="Automatic reply: Broken lamp",
        date="Mon, 4 May 2026 08:00:05 +0000", mid="o1@shop", extra="Auto-Submitted: auto-replied\nIn-Reply-To: <a1@x>\n",
        body="I am away.")  # fmt: skip
    convs = list(load([str(tmp_path)], ReadOptions(agent_domains=("shop.example",))))
    assert len(convs) == 1
    assert shape(convs[0]) == [("customer", "Ana", "The lamp arrived broken."), ("bot", "Out Of Office", "I am away."),
                               ("agent", "Sofia", "Hi Ana, I'm sorry. I've refunded it."), ("customer", "Ana", "Thanks!")]  # fmt: skip
    assert convs[0].channel == "email" and convs[0].metadata["subject"] == "Broken lamp"


def test_mbox_archive(tmp_path: Path) -> None:
    first = MESSAGE.format(sender="Ana <ana@x.example>", subject="Help", date="Mon, 4 May 2026 08:00:00 +0000", mid="m1",
                           extra="", ctype="text/plain", body="Card declined.")  # fmt: skip
    second = MESSAGE.format(sender="Jo <jo@pay.example>", subject="Re: Help", date="Mon, 4 May 2026 08:30:00 +0000", mid="m2",
                            extra="In-Reply-To: <m1>\n", ctype="text/plain", body="New key pushed; restart the reader.")  # fmt: skip
    path = tmp_path / "box.mbox"
    path.write_text(
        f"From a@x Mon May  4 08:00:00 2026\n{first}\nFrom b@y Mon May  4 08:30:00 2026\n{second}",
        encoding="utf-8",
    )
    conv = read_one(path, agent_domains=("pay.example",))
    assert shape(conv) == [
        ("customer", "Ana", "Card declined."),
        ("agent", "Jo", "New key pushed; restart the reader."),
    ]


@pytest.mark.parametrize(
    ("body", "visible"),
    [
        (
            "Thanks, that works.\n\nOn Tue, 5 May 2026 at 10:00, Sam <s@x.example> wrote:\n> Try restarting.",
            "Thanks, that works.",
        ),
        (
            "Outlook reply here\n\n________________________________\nFrom: Sam\nSent: Tuesday\nTo: Ana\nSubject: Re: x\n\nold text",
            "Outlook reply here",
        ),
        ("Got it\n\nSent from my iPhone", "Got it"),
        ("Here you go\n\n-- \nAna Silva\nAcme Ltd", "Here you go"),
    ],
)
def test_visible_reply_drops_quotes_and_signatures(body: str, visible: str) -> None:
    assert visible_reply(body) == visible


def test_html_to_text_keeps_paragraphs_and_drops_quotes() -> None:
    html = "<div><p>Hi&nbsp;Ana,</p><p>Fixed.<br>Thanks</p><blockquote>old</blockquote><script>x()</script></div>"
    assert html_to_text(html) == "Hi Ana,\n\nFixed.\nThanks"


def test_mixed_directory_of_all_formats_in_one_run() -> None:
    examples = Path(__file__).resolve().parents[1] / "transcripts_examples"
    result = CliRunner().invoke(app, ["analyze", str(examples), "-f", "jsonl", "-q", "--jobs", "1"])
    channels = {json.loads(line)["channel"] for line in result.stdout.splitlines()}
    ids = {json.loads(line)["id"] for line in result.stdout.splitlines()}
    assert result.exit_code == 1  # analysed everything; some agents fail critical rules on purpose
    assert {"chat", "email", "voice", "twitter", "slack"} <= channels
    for expected in ("zendesk-4412", "intercom-5501", "freshdesk-88", "helpscout-7120", "front-cnv_7731",
                     "livechat-LC-2291", "tweet-1001", "ccai-4242", "support_call", "support_mailbox"):  # fmt: skip
        assert expected in ids


def test_unknown_json_shape_lists_formats(tmp_path: Path) -> None:
    (error,) = list(load([str(write_json(tmp_path, "odd.json", {"foo": 1}))]))
    assert (
        isinstance(error, ReadError) and "zendesk" in str(error) and "cscoach formats" in str(error)
    )


def test_formats_command_lists_every_format() -> None:
    out = CliRunner().invoke(app, ["formats"]).stdout
    for name in ("json", "csv", "eml", "mbox", "zendesk", "intercom", "freshdesk", "helpscout", "front",
                 "livechat", "voice", "slack", "twitter", "webvtt"):  # fmt: skip
        assert name in out
