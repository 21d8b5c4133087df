import { EVENTS, SERVICES, type Service, serviceOfSource } from "./catalog";
import type { DecodedEvent } from "./cloud-event";

// Producers are not trusted blindly: an event is taken only from the service that publishes its
// type, on that service's topic and under its source (a type every service may send: from any of
// them, on its own topic), and only the services an operator names may address everyone.

export interface AdmissionRules {
  /** The service whose topic the message came from. */
  topicService: Service;
  /** The services whose events may have an audience of everyone ({"all": true}). */
  allAudienceServices: readonly Service[];
}

/** Why the event may not come from where it came from, or null when it may. */
export function admissionProblem(event: DecodedEvent, rules: AdmissionRules): string | null {
  const { type } = event;
  const { source } = event.envelope;
  const expected = SERVICES[rules.topicService];
  const owner = EVENTS[type].service;
  if (owner !== "any" && owner !== rules.topicService) {
    return `${type} is published on ${SERVICES[owner].topic}, not on ${expected.topic}`;
  }
  if (source !== expected.source) {
    const known = serviceOfSource(source);
    return known
      ? `source "${source}" publishes on ${SERVICES[known].topic}, not on ${expected.topic}`
      : `source "${source}" is not a groupware service (on ${expected.topic} it must be "${expected.source}")`;
  }
  if (EVENTS[type].kind === "directory" && !event.envelope.time) {
    return `${type} needs a time: the directory keeps the newest change of each person and department by it`;
  }
  if ("all" in event.audience && !rules.allAudienceServices.includes(rules.topicService)) {
    return `an audience of everyone ({"all": true}) is taken only from ALL_AUDIENCE_SOURCES (${rules.allAudienceServices.join(", ") || "none"}), and ${source} is not one`;
  }
  return null;
}
