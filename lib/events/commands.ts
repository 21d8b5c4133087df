import { z } from "zod";

// The commands this service sends to the others (PRODUCT.md §11): a person acting from the bell.
// Not events (nobody is notified of them): the approval service decides, then publishes what
// happened (approval.approved / rejected / completed), which settles the notification.

export const COMMAND_SOURCE = "groupware/notifications";

const person = z.object({
  id: z.string().min(1).max(64).describe("Employee id in the groupware directory"),
  name: z.string().min(1).max(100).describe("Their name in the directory"),
});

export const COMMANDS = {
  "approval.decision.submitted": {
    topic: "groupware.approval.commands",
    description:
      "A person approved or rejected a document from the notification bell. The approval service applies it (as if decided in its own UI) and answers with approval.approved or approval.rejected, and approval.completed when the document is decided. The id is derived from (notification, decision): a second click or a retry is the same command.",
    data: z.object({
      documentId: z.string().min(1).max(64).describe("The approval document; also the CloudEvent subject and the message key"),
      decision: z.enum(["approve", "reject"]).describe("What the approver decided"),
      comment: z.string().max(1000).nullable().describe("Their comment, or null"),
      decidedBy: person.describe("Who decided: the signed-in person"),
      notificationId: z.string().min(1).max(20).describe("The approval request notification it was decided from"),
    }),
  },
} as const;

export type CommandType = keyof typeof COMMANDS;
export const COMMAND_TYPES = Object.keys(COMMANDS) as CommandType[];
export const COMMAND_TOPICS = [...new Set(COMMAND_TYPES.map((type) => COMMANDS[type].topic))];
export type CommandData<T extends CommandType> = z.output<(typeof COMMANDS)[T]["data"]>;

export interface DecisionCommand {
  specversion: "1.0";
  id: string;
  source: typeof COMMAND_SOURCE;
  type: "approval.decision.submitted";
  time: string;
  subject: string;
  datacontenttype: "application/json";
  data: CommandData<"approval.decision.submitted">;
}

/** The same (notification, decision) always makes the same id: the approval service applies it once. */
export function decisionCommandId(notificationId: string, decision: "approve" | "reject"): string {
  return `notification-${notificationId}-${decision}`;
}

export function decisionCommand(data: CommandData<"approval.decision.submitted">, time = new Date()): DecisionCommand {
  return {
    specversion: "1.0",
    id: decisionCommandId(data.notificationId, data.decision),
    source: COMMAND_SOURCE,
    type: "approval.decision.submitted",
    time: time.toISOString(),
    subject: data.documentId,
    datacontenttype: "application/json",
    data: COMMANDS["approval.decision.submitted"].data.parse(data),
  };
}
