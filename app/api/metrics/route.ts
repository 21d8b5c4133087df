// GET /api/metrics — Prometheus metrics of this web process (open streams, delivery latency, runtime)
import { metrics } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType } });
}
