// GET /api/metrics — Prometheus metrics of this web process (open streams, delivery latency, runtime)
import { env } from "@/lib/env";
import { metrics, metricsAllowed } from "@/lib/metrics";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  if (!metricsAllowed(request.headers.get("authorization"), env().METRICS_TOKEN)) {
    return Response.json(
      { error: { code: "unauthorized", message: "The metrics need Authorization: Bearer <METRICS_TOKEN>." } },
      { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } },
    );
  }
  const { registry } = metrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType } });
}
