"""Every input format cscoach reads, for --help, --input-format and ``cscoach formats``.

Kept free of heavy imports: the command line reads it to build its options.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    summary: str
    example: str


FORMATS: tuple[Format, ...] = (
    Format(
        "json",
        "canonical transcript JSON: one conversation object or a list (.json)",
        "cscoach analyze t1042.json",
    ),
    Format(
        "jsonl",
        "canonical transcript JSON Lines: one conversation per line (.jsonl, .ndjson)",
        "cscoach analyze export.jsonl -f jsonl",
    ),
    Format(
        "csv",
        "one row per turn: conversation id, speaker or role, text, timestamp (.csv, .tsv)",
        "cscoach analyze chats.csv --columns text=Message",
    ),
    Format(
        "text",
        'chat log: "Name: text", "[10:32] Name: text", "Agent:"/"Customer:" (.txt, .log)',
        "cscoach analyze chat.txt --agent Sam",
    ),
    Format(
        "email",
        'email thread saved as text: messages starting with "From:" headers (.txt)',
        "cscoach analyze thread.txt",
    ),
    Format(
        "eml",
        "email message (.eml): plain or HTML body, quotes and signatures removed",
        "cscoach analyze inbox/ --agent-domain example.com",
    ),
    Format(
        "mbox",
        "mbox archive of emails, threaded into conversations (.mbox)",
        "cscoach analyze support.mbox --agent-domain example.com",
    ),
    Format(
        "zendesk",
        "Zendesk tickets with comments or audits, and Zendesk Chat transcripts (.json)",
        "cscoach analyze zendesk/ticket-4412.json",
    ),
    Format(
        "intercom",
        "Intercom conversations with conversation_parts, one or a list (.json)",
        "cscoach analyze intercom/conversations.json",
    ),
    Format(
        "freshdesk",
        "Freshdesk tickets with conversations, or a conversations list (.json)",
        "cscoach analyze freshdesk/ticket-88.json",
    ),
    Format(
        "helpscout",
        "Help Scout conversations with threads, API v1 or v2 (.json)",
        "cscoach analyze helpscout/conversation.json",
    ),
    Format(
        "front",
        'Front conversation messages ({"_results": [...]} with is_inbound) (.json)',
        "cscoach analyze front/cnv_55c8c149.json",
    ),
    Format(
        "livechat",
        "LiveChat chats: API v3 (users + thread events) or archives (chats[].messages) (.json)",
        "cscoach analyze livechat/archive.json",
    ),
    Format(
        "voice",
        "Call analytics: AWS Transcribe Call Analytics, Amazon Connect Contact Lens, AWS PCA, Google CCAI Insights (.json)",
        "cscoach analyze calls/contact-lens/",
    ),
    Format(
        "slack",
        "Slack export folder: users.json + channel folders of daily JSON files (a directory)",
        "cscoach analyze slack-export/ --agent 'Sam Ortiz'",
    ),
    Format(
        "twitter",
        "Twitter customer-support CSV: tweet_id, author_id, inbound, text, in_response_to_tweet_id (.csv)",
        "cscoach analyze twcs.csv",
    ),
    Format(
        "webvtt",
        "WebVTT captions with <v Speaker> voice tags (.vtt)",
        "cscoach analyze call.vtt --agent 'Sam'",
    ),
)
FORMAT_NAMES = tuple(f.name for f in FORMATS)
