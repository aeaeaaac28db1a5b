"""JUnit XML as Jenkins and GitLab read it: a testsuite per input file, a testcase per
conversation and dimension, failures naming the weakest turns."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from ..model import ConversationResult
from .base import Renderer, RenderOptions
from .rows import SCORE_COLUMNS
from .safe import xml_text as xml_safe
from .weakest import describe


class JUnitRenderer(Renderer):
    def __init__(self, stream: TextIO, options: RenderOptions | None = None) -> None:
        super().__init__(stream, options)
        self._suites: dict[str, ET.Element] = {}

    def write(self, result: ConversationResult) -> None:
        conv = result.conversation
        name = conv.source or "<unknown>"
        suite = self._suites.get(name)
        if suite is None:
            suite = self._suites[name] = ET.Element("testsuite", name=name)
        thresholds = self.options.thresholds
        failed = thresholds.failed_dimensions(result)
        classname = f"cscoach.{conv.id}"
        for dim in SCORE_COLUMNS:
            value = result.scores.get(dim)
            case = ET.SubElement(suite, "testcase", classname=classname, name=dim, time="0")
            if value is None:
                ET.SubElement(case, "skipped", message=f"{dim} does not apply")
            elif dim in failed:
                failure = ET.SubElement(case, "failure", message=failed[dim], type="threshold")
                failure.text = f"{conv.id}: {failed[dim]}; weakest turns: {describe(result, dim)}"
            else:
                minimum = thresholds.minimum(dim)
                ET.SubElement(case, "system-out").text = f"{dim} {value}" + (
                    f" >= {minimum}" if minimum is not None else ""
                )
        case = ET.SubElement(
            suite, "testcase", classname=classname, name="critical_rules", time="0"
        )
        if result.critical:
            hits = "; ".join(f"{f.rule}: “{f.text}”" for f in result.critical)
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(result.critical)} critical rule hit(s)",
                type="critical",
            )
            failure.text = hits

    def close(self) -> None:
        root = ET.Element("testsuites", name="cscoach")
        totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for suite in self._suites.values():
            cases = suite.findall("testcase")
            counts = {
                "tests": len(cases),
                "failures": sum(c.find("failure") is not None for c in cases),
                "errors": 0,
                "skipped": sum(c.find("skipped") is not None for c in cases),
            }
            for key, value in counts.items():
                suite.set(key, str(value))
                totals[key] += value
            suite.set("time", "0")
            root.append(suite)
        for key, value in totals.items():
            root.set(key, str(value))
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(xml_safe(ET.tostring(root, encoding="unicode")) + "\n")
