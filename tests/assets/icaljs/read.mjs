// Reads iCalendar files with ical.js (Thunderbird's parser) and prints, as JSON, what a
// calendar would take from each: METHOD, and per VEVENT its UID, start, end (UTC ISO),
// SEQUENCE and STATUS. Used by tests/test_invites.py.
import { readFileSync } from "node:fs";
import ICAL from "./ical.js";

const out = [];
for (const file of process.argv.slice(2)) {
  const root = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const zone of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  }
  const method = root.getFirstPropertyValue("method");
  for (const vevent of root.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    out.push({
      file, method, uid: event.uid, sequence: event.sequence,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      status: vevent.getFirstPropertyValue("status"),
    });
  }
}
process.stdout.write(JSON.stringify(out));
