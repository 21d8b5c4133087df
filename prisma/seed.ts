// npm run db:seed — the demo directory (README, "Demo accounts"). Safe to run any number of times: existing
// people keep their password (and any later changes to it); names and departments are brought back
// in line with this file.
import { pathToFileURL } from "node:url";
import { hashPassword, NO_PASSWORD } from "../lib/auth/password";
import { publishDirectory } from "../lib/directory/publish-directory";
import type { EventPublisher } from "../lib/events/producer";
import type { PrismaClient } from "../lib/generated/prisma/client";

export const DEPARTMENTS = [
  { id: "D01", name: "경영지원" },
  { id: "D02", name: "개발" },
  { id: "D03", name: "영업" },
  { id: "D04", name: "인사" },
  { id: "D05", name: "디자인" },
] as const;

const EMPLOYEE_NAMES = [
  "김민준",
  "이서연",
  "박도윤",
  "최지우",
  "정하준",
  "강서윤",
  "조시우",
  "윤하은",
  "장주원",
  "임지호",
  "한수아",
  "이서준",
  "오예준",
  "서지민",
  "신유나",
  "권도현",
  "황채원",
  "안건우",
  "송다은",
  "류현우",
  "전소율",
  "홍지안",
  "고우진",
  "문서아",
  "양민재",
  "손하린",
  "배준서",
  "백지유",
  "허은우",
  "유시아",
  "남태윤",
  "심예린",
  "노승현",
  "하윤서",
  "곽민성",
  "성지아",
  "차준혁",
  "주가은",
  "우성민",
  "구나연",
  "민재원",
  "진수빈",
  "나현준",
  "엄다인",
  "채정우",
  "원소윤",
  "천지훈",
  "방예나",
  "공태민",
  "현유진",
];

export interface DirectoryEntry {
  id: string;
  email: string;
  name: string;
  departmentId: string;
  role: "USER" | "ADMIN";
}

export const DEMO_DIRECTORY: DirectoryEntry[] = [
  ...EMPLOYEE_NAMES.map((name, index) => {
    const number = String(index + 1).padStart(4, "0");
    return {
      id: `E${number}`,
      email: `e${number}@groupware.test`,
      name,
      departmentId: DEPARTMENTS[Math.floor(index / 10)]?.id ?? "D01",
      role: "USER" as const,
    };
  }),
  { id: "A0001", email: "admin@groupware.test", name: "관리자", departmentId: "D01", role: "ADMIN" },
];

/**
 * The demo directory goes the way a company's does: its people and departments are published as
 * the directory's events (lib/directory/publish-directory.ts, as `npm run directory:import` does)
 * and applied by the worker's own path. Then each demo account without a password gets one;
 * existing accounts keep theirs. The published names and departments win over earlier ones.
 */
export async function seedDemoDirectory({
  prisma,
  publisher,
  apply,
  password,
}: {
  prisma: PrismaClient;
  publisher: EventPublisher;
  /** Applies what is on the directory's topic before this returns (workers/apply-directory-now.ts). */
  apply: () => Promise<void>;
  password: string;
}): Promise<{ published: number; passwordsSet: number }> {
  const published = await publishDirectory({
    publisher,
    departments: DEPARTMENTS.map((department) => ({ ...department, parentId: null })),
    people: DEMO_DIRECTORY.map((entry) => ({ ...entry, active: true })),
  });
  await apply();
  const hash = await hashPassword(password);
  const { count } = await prisma.user.updateMany({
    where: { id: { in: DEMO_DIRECTORY.map((entry) => entry.id) }, passwordHash: NO_PASSWORD },
    data: { passwordHash: hash },
  });
  return { published, passwordsSet: count };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { db, disconnectDb } = await import("../lib/db/prisma");
  const { ConfigError, env, kafkaBrokers, publishedDemoPasswordProblem } = await import("../lib/env");
  const { EventPublisher } = await import("../lib/events/producer");
  const { logger } = await import("../lib/log");
  const { applyDirectoryNow } = await import("../workers/apply-directory-now");
  const refused = publishedDemoPasswordProblem();
  if (refused) {
    console.error(`✖ ${new ConfigError(refused).message}`);
    process.exit(1);
  }
  const publisher = new EventPublisher(kafkaBrokers(), "groupware-seed");
  try {
    const result = await seedDemoDirectory({
      prisma: db(),
      publisher,
      apply: () => applyDirectoryNow({ env: env(), brokers: kafkaBrokers(), prisma: db() }),
      password: env().DEMO_PASSWORD,
    });
    logger("seed").info(result, "demo directory seeded");
  } finally {
    await publisher.close();
    await disconnectDb();
  }
}
