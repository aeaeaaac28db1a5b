"""Call transcripts from contact-centre analytics: AWS Transcribe Call Analytics and Amazon
Connect Contact Lens (``Transcript`` items with ``ParticipantRole`` or ``ParticipantId`` AGENT or
CUSTOMER), the AWS post-call-analytics parsed output (``SpeechSegments`` with speaker labels),
and Google CCAI Insights conversations (``transcript.transcriptSegments`` with
``segmentParticipant.role``, or ``entries`` with ``role``). Consecutive segments of one speaker
become one turn."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..model import Conversation, Role
from .common import Row, build, get
from .options import ReadOptions

NAME = "voice"

_ROLES: dict[str, Role] = {
    "AGENT": "agent", "CUSTOMER": "customer", "HUMAN_AGENT": "agent", "END_USER": "customer",
    "AUTOMATED_AGENT": "bot", "SYSTEM": "system",
}  # fmt: skip


def _aws_items(data: Mapping[str, Any]) -> list[Any] | None:
    transcript = data.get("Transcript")
    if isinstance(transcript, list) and any(
        isinstance(t, Mapping) and ("ParticipantRole" in t or "ParticipantId" in t)
        for t in transcript
    ):
        return transcript
    return None


def matches(data: Any) -> bool:
    if not isinstance(data, Mapping):
        return False
    return bool(
        _aws_items(data)
        or isinstance(data.get("SpeechSegments"), list)
        or isinstance(get(data, "transcript", "transcriptSegments"), list)
        or (
            isinstance(data.get("entries"), list)
            and any(isinstance(e, Mapping) and "role" in e for e in data["entries"])
        )
    )


def read(data: Any, name: str, options: ReadOptions) -> Iterator[Conversation]:
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if (items := _aws_items(data)) is not None:
        participants = {p.get("ParticipantId"): p.get("ParticipantRole") for p in data.get("Participants", []) or []
                        if isinstance(p, Mapping)}  # fmt: skip
        rows = []
        for item in items:
            if not isinstance(item, Mapping):
                continue
            label = (
                item.get("ParticipantRole")
                or participants.get(item.get("ParticipantId"))
                or item.get("ParticipantId")
            )
            millis = item.get("BeginOffsetMillis")
            rows.append(Row(text=str(item.get("Content") or ""), speaker=str(label).title() if label else None,
                            role=_ROLES.get(str(label).upper()),
                            timestamp=f"{millis / 1000:.2f}s" if isinstance(millis, int | float) else None))  # fmt: skip
        conv_id = data.get("JobName") or get(data, "CustomerMetadata", "ContactId") or stem
        yield build(f"call-{conv_id}", _merge(rows), name, options, channel="voice")
    elif isinstance(data.get("SpeechSegments"), list):
        labels = {s.get("Speaker"): s.get("DisplayText") for s in get(data, "ConversationAnalytics", "SpeakerLabels", default=[])
                  if isinstance(s, Mapping)}  # fmt: skip
        rows = []
        for segment in data["SpeechSegments"]:
            if not isinstance(segment, Mapping):
                continue
            label = labels.get(segment.get("SegmentSpeaker"), segment.get("SegmentSpeaker"))
            start = segment.get("SegmentStartTime")
            rows.append(Row(text=str(segment.get("DisplayText") or segment.get("OriginalText") or ""),
                            speaker=label, role=_ROLES.get(str(label).upper()),
                            timestamp=f"{start:.2f}s" if isinstance(start, int | float) else None))  # fmt: skip
        conv_id = get(data, "ConversationAnalytics", "GUID")
        yield build(
            f"call-{conv_id if conv_id not in (None, 'None') else stem}",
            _merge(rows),
            name,
            options,
            channel="voice",
        )
    else:
        yield _ccai(data, name, options, stem)


def _ccai(data: Mapping[str, Any], name: str, options: ReadOptions, stem: str) -> Conversation:
    rows = []
    segments = get(data, "transcript", "transcriptSegments")
    if isinstance(segments, list):
        for segment in segments:
            if not isinstance(segment, Mapping):
                continue
            label = get(segment, "segmentParticipant", "role") or segment.get("channelTag")
            rows.append(Row(text=str(segment.get("text") or ""), speaker=str(label).replace("_", " ").title(),
                            role=_ROLES.get(str(label).upper()), timestamp=segment.get("messageTime")))  # fmt: skip
    else:
        for entry in data["entries"]:
            if not isinstance(entry, Mapping):
                continue
            label = str(entry.get("role", ""))
            micros = entry.get("start_timestamp_usec")
            when = f"{int(micros) / 1e6:.3f}" if str(micros or "").isdigit() else None
            rows.append(Row(text=str(entry.get("text") or ""), speaker=str(entry.get("user_id") or label.title()),
                            role=_ROLES.get(label.upper()), timestamp=when))  # fmt: skip
    conv_id = str(data.get("name") or stem).rsplit("/", 1)[-1]
    medium = data.get("medium")
    return build(
        f"ccai-{conv_id}",
        _merge(rows),
        name,
        options,
        channel="voice" if medium == "PHONE_CALL" else "chat",
    )


def _merge(rows: list[Row]) -> list[Row]:
    """Join consecutive segments of the same speaker into one turn."""
    merged: list[Row] = []
    for row in rows:
        if merged and merged[-1].speaker == row.speaker and merged[-1].role == row.role:
            last = merged[-1]
            merged[-1] = Row(text=f"{last.text} {row.text}".strip(), speaker=last.speaker, role=last.role,
                             timestamp=last.timestamp, line=last.line)  # fmt: skip
        else:
            merged.append(row)
    return merged
