import { PrismaPg } from "@prisma/adapter-pg";
import { requireSetting } from "../env";
import { PrismaClient } from "../generated/prisma/client";

// One client per process. Kept on globalThis so Next's dev reloads do not open a pool per edit,
// and created lazily so `next build` can import routes without a database.
const holder = globalThis as unknown as { groupwarePrisma?: PrismaClient };

export function db(): PrismaClient {
  holder.groupwarePrisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: requireSetting("DATABASE_URL"), max: 10 }),
  });
  return holder.groupwarePrisma;
}

export async function disconnectDb(): Promise<void> {
  await holder.groupwarePrisma?.$disconnect();
  holder.groupwarePrisma = undefined;
}
