import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb } from "@/lib/db/prisma";
import { GET as metricsRoute } from "../metrics/route";
import { GET as health } from "./route";

describe("operations endpoints", () => {
  afterAll(disconnectDb);

  it("GET /api/health reports the database and Kafka up, and LISTEN idle before any stream", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "up", kafka: "up", listen: "idle" });
  });

  it("GET /api/metrics serves Prometheus text with the stream and latency metrics", async () => {
    const response = await metricsRoute(new Request("http://localhost:3000/api/metrics"));
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^# TYPE groupware_sse_connections gauge$/m);
    expect(text).toMatch(/^# TYPE groupware_delivery_latency_seconds histogram$/m);
  });
});
