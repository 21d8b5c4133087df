import { parseId } from "../db/ids";
import { db } from "../db/prisma";
import { AppError } from "../errors";
import { COMMANDS, decisionCommand } from "../events/commands";
import type { EventPublisher } from "../events/producer";
import type { Prisma } from "../generated/prisma/client";
import type { Locale } from "../i18n/locale";
import { logger } from "../log";
import type { ApprovalAction } from "./notification-item";

// POST /api/notifications/{id}/actions (PRODUCT.md §11): an approver decides from the bell. The
// request is claimed first (pending → submitted, in the person's stream at once), then the
// command goes to the approval service; if Kafka does not take it, the claim is taken back and the
// caller hears 503. Claiming first is what makes a double click one command: the second click finds
// it submitted (409). The notification settles when the approval service answers with its events.

export type Decision = "approve" | "reject";

interface Claimed {
  documentId: string;
  action: ApprovalAction;
}

const log = logger("actions");

export async function submitDecision({
  user,
  notificationId,
  decision,
  comment,
  locale,
  publisher,
}: {
  user: { id: string; name: string };
  notificationId: string;
  decision: Decision;
  comment: string | null;
  /** The reader's: a refusal is shown to them as it is. */
  locale: Locale;
  publisher: EventPublisher;
}): Promise<{ action: ApprovalAction }> {
  if (parseId(notificationId) === null) throw new AppError("not_found", "No such notification.");
  const claimed = await db().$transaction((tx) => claim(tx, user.id, notificationId, locale));
  const command = decisionCommand({ documentId: claimed.documentId, decision, comment, decidedBy: user, notificationId });
  try {
    await publisher.sendRaw(COMMANDS["approval.decision.submitted"].topic, [
      { key: command.subject, value: JSON.stringify(command), headers: { "content-type": "application/cloudevents+json" } },
    ]);
  } catch (error) {
    log.error({ err: error, notificationId }, "could not send the decision to the approval service; taken back");
    await db().$transaction((tx) => release(tx, user.id, notificationId));
    throw new AppError("unavailable", "The approval service could not be reached; nothing was decided. Try again.");
  }
  return { action: claimed.action };
}

async function claim(tx: Prisma.TransactionClient, userId: string, notificationId: string, locale: Locale): Promise<Claimed> {
  await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`;
  const [row] = await tx.$queryRaw<{ type: string; action: ApprovalAction | null; subject: string | null }[]>`
    SELECT n.type, n.action, e.subject
    FROM notifications n JOIN events e ON e.id = n.event_pk
    WHERE n.id = ${notificationId}::bigint AND n.user_id = ${userId}
    FOR UPDATE OF n`;
  if (!row) throw new AppError("not_found", "No such notification.");
  if (row.action?.kind !== "approval" || !row.subject) {
    throw new AppError("bad_request", "This notification asks for no decision.");
  }
  if (row.action.status !== "pending") throw new AppError("conflict", conflictMessage(row.action, userId, locale));
  const action: ApprovalAction = { ...row.action, status: "submitted" };
  await setAction(tx, userId, notificationId, action);
  return { documentId: row.subject, action };
}

async function release(tx: Prisma.TransactionClient, userId: string, notificationId: string): Promise<void> {
  await tx.$queryRaw`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`;
  const [row] = await tx.$queryRaw<{ action: ApprovalAction }[]>`
    SELECT action FROM notifications
    WHERE id = ${notificationId}::bigint AND user_id = ${userId} AND action ->> 'status' = 'submitted' FOR UPDATE`;
  // Settled meanwhile (the approval service answered after all): that answer stands.
  if (row) await setAction(tx, userId, notificationId, { ...row.action, status: "pending" });
}

async function setAction(tx: Prisma.TransactionClient, userId: string, notificationId: string, action: ApprovalAction): Promise<void> {
  await tx.$executeRaw`UPDATE notifications SET action = ${JSON.stringify(action)}::jsonb WHERE id = ${notificationId}::bigint`;
  await tx.$executeRaw`SELECT note_notification_changed(${userId}, ${notificationId}::bigint)`;
}

/** Why a decision is refused, in the reader's language: someone was faster, or the request is gone. */
function conflictMessage(action: ApprovalAction, readerId: string, locale: Locale): string {
  const ko = locale === "ko";
  const by = action.by && action.by.id !== readerId ? action.by.name : null;
  if (action.status === "submitted") {
    return ko
      ? "이미 결정을 보냈습니다. 결재 서비스의 답을 기다리는 중입니다."
      : "Your decision was already sent; the approval service has not answered yet.";
  }
  if (action.outcome === "withdrawn") return ko ? "요청자가 결재 요청을 철회했습니다." : "The requester withdrew this document.";
  const rejected = action.outcome === "rejected";
  const verb = rejected ? "반려" : "승인";
  if (ko) return by ? `${by}님이 이미 ${verb}했습니다.` : `이미 ${verb}했습니다.`;
  const what = rejected ? "rejected" : "approved";
  return by ? `Already ${what} by ${by}.` : `You already ${what} it.`;
}
