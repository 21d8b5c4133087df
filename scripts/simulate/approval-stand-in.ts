import { randomUUID } from "node:crypto";
import { logLevel } from "kafkajs";
import { TOPICS } from "../../lib/events/catalog";
import { COMMANDS } from "../../lib/events/commands";
import { kafkaClient } from "../../lib/events/kafka-client";
import { EventPublisher } from "../../lib/events/producer";

// A stand-in for the approval service, so the demo shows the whole loop of deciding from the bell
// (PRODUCT.md §11): it learns the documents from the approval topic (as the real service knows its
// own), takes the decisions people send from the bell, and answers as the real one would: the
// approver's approval.approved or approval.rejected, then approval.completed, since here the
// first decision settles a document. A command for a document it has not read yet waits for it
// (reading both topics, the command may come first); one it has applied, or one for a document
// decided already, changes nothing.

interface Document {
  documentTitle: string;
  requesterId: string;
  decided: boolean;
}

interface DecisionCommandData {
  documentId: string;
  decision: "approve" | "reject";
  comment: string | null;
  decidedBy: { id: string; name: string };
}

export interface ApprovalStandIn {
  /** Decisions it has answered. */
  readonly answered: number;
  close(): Promise<void>;
}

export async function startApprovalStandIn({
  brokers,
  approvalTopic = TOPICS.approval,
  commandTopic = COMMANDS["approval.decision.submitted"].topic,
  log = () => undefined,
}: {
  brokers: string[];
  approvalTopic?: string;
  commandTopic?: string;
  log?: (message: string) => void;
}): Promise<ApprovalStandIn> {
  const documents = new Map<string, Document>();
  const applied = new Set<string>();
  /** Commands for documents not read yet, by document. */
  const waiting = new Map<string, string[]>();
  const publisher = new EventPublisher(brokers, "approval-stand-in");
  const consumer = kafkaClient("approval-stand-in", logLevel.ERROR, brokers).consumer({ groupId: `approval-stand-in-${randomUUID()}` });
  let answered = 0;

  const learn = async (value: string) => {
    const event = JSON.parse(value) as { type?: string; data?: Record<string, unknown> };
    const data = event.data ?? {};
    const documentId = String(data.documentId ?? "");
    if (event.type === "approval.requested" && !documents.has(documentId)) {
      const requester = data.requester as { id?: string } | undefined;
      documents.set(documentId, { documentTitle: String(data.documentTitle), requesterId: String(requester?.id), decided: false });
    }
    const known = documents.get(documentId);
    if (known && (event.type === "approval.completed" || event.type === "approval.withdrawn")) known.decided = true;
    const early = waiting.get(documentId);
    waiting.delete(documentId);
    for (const command of early ?? []) await decide(command);
  };

  const decide = async (value: string) => {
    const command = JSON.parse(value) as { id: string; data: DecisionCommandData };
    const document = documents.get(command.data.documentId);
    if (!document) {
      waiting.set(command.data.documentId, [...(waiting.get(command.data.documentId) ?? []), value]);
      return;
    }
    if (applied.has(command.id) || document.decided) return;
    applied.add(command.id);
    document.decided = true;
    const { documentId, decision, comment, decidedBy } = command.data;
    const common = { documentId, documentTitle: document.documentTitle, requesterId: document.requesterId };
    await publisher.publishMany([
      decision === "approve"
        ? { type: "approval.approved", data: { ...common, approver: decidedBy, ...(comment ? { comment } : {}) } }
        : { type: "approval.rejected", data: { ...common, approver: decidedBy, ...(comment ? { comment } : {}) } },
      {
        type: "approval.completed",
        data: { ...common, outcome: decision === "approve" ? "approved" : "rejected", decidedBy },
      },
    ]);
    answered += 1;
    log(`approval stand-in: ${decidedBy.name} ${decision === "approve" ? "approved" : "rejected"} ${documentId}`);
  };

  await consumer.connect();
  await consumer.subscribe({ topics: [approvalTopic, commandTopic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const value = message.value?.toString();
      if (!value) return;
      try {
        if (topic === commandTopic) await decide(value);
        else await learn(value);
      } catch (error) {
        // Not ours to judge (the worker dead-letters bad events); a stand-in skips what it cannot read.
        log(`approval stand-in: skipped a message on ${topic}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  });
  return {
    get answered() {
      return answered;
    },
    async close() {
      await consumer.disconnect();
      await publisher.close();
    },
  };
}
