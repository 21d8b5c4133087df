import type { PrismaClient } from "../generated/prisma/client";
import type { DeadLetter } from "./dead-letter";

/**
 * Records dead letters for the admin pages, once per Kafka position (a redelivered batch records
 * nothing twice). Raw SQL: one unnest insert for the whole batch, which Prisma cannot say.
 */
export function storeDeadLetters(prisma: PrismaClient, deadLetters: DeadLetter[]) {
  return prisma.$executeRaw`
    INSERT INTO dead_letters (topic, partition, kafka_offset, message_key, reason, payload, payload_size)
    SELECT * FROM unnest(
      ${deadLetters.map((d) => d.topic)}::text[],
      ${deadLetters.map((d) => d.partition)}::int[],
      ${deadLetters.map((d) => d.offset)}::bigint[],
      ${deadLetters.map((d) => d.key)}::text[],
      ${deadLetters.map((d) => d.reason)}::text[],
      ${deadLetters.map((d) => `\\x${d.payload.toString("hex")}`)}::bytea[],
      ${deadLetters.map((d) => d.payloadSize)}::int[])
    ON CONFLICT (topic, partition, kafka_offset) DO NOTHING`;
}
