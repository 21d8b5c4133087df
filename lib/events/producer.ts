import { randomUUID } from "node:crypto";
import { logLevel, type Message, type Producer } from "kafkajs";
import { dataSchemaOf, type EventData, type EventType, SERVICES, serviceOf, subjectOf, topicFor } from "./catalog";
import type { CloudEvent } from "./cloud-event";
import { kafkaClient } from "./kafka-client";

// The typed producer other TypeScript services can use: it validates data against the catalog
// before anything reaches Kafka, and keys messages by subject so one entity's events stay in order.

export interface PublishOptions<T extends EventType> {
  type: T;
  data: EventData<T>;
  source?: string;
  subject?: string;
  id?: string;
  time?: string;
  topic?: string;
}

export function buildCloudEvent<T extends EventType>(options: PublishOptions<T>): CloudEvent {
  const data = dataSchemaOf(options.type).parse(options.data) as EventData<T>;
  const source = options.source ?? SERVICES[serviceOf(options.type, undefined)].source;
  return {
    specversion: "1.0",
    id: options.id ?? randomUUID(),
    source,
    type: options.type,
    time: options.time ?? new Date().toISOString(),
    subject: options.subject ?? subjectOf(options.type, data),
    datacontenttype: "application/json",
    data,
  };
}

export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(brokers: string[], clientId = "groupware-publisher") {
    this.producer = kafkaClient(clientId, logLevel.ERROR, brokers).producer({ idempotent: true });
  }

  async publish<T extends EventType>(options: PublishOptions<T>): Promise<CloudEvent> {
    const event = buildCloudEvent(options);
    await this.connect();
    await this.producer.send({ topic: options.topic ?? topicFor(options.type, event.source), messages: [messageOf(event)] });
    return event;
  }

  /**
   * Publishes many events in one request per broker (kafkajs sendBatch). Every event is validated
   * first, so one with invalid data publishes none of them.
   */
  async publishMany(events: readonly PublishOptions<EventType>[]): Promise<CloudEvent[]> {
    const built = events.map((options) => ({ options, event: buildCloudEvent(options) }));
    if (built.length === 0) return [];
    await this.connect();
    const byTopic = new Map<string, Message[]>();
    for (const { options, event } of built) {
      const topic = options.topic ?? topicFor(options.type, event.source);
      const messages = byTopic.get(topic) ?? [];
      messages.push(messageOf(event));
      byTopic.set(topic, messages);
    }
    await this.producer.sendBatch({ topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    return built.map(({ event }) => event);
  }

  /** Sends messages as they are (an admin's replay of a dead letter): no catalog check. */
  async sendRaw(topic: string, messages: Message[]): Promise<void> {
    await this.connect();
    await this.producer.send({ topic, acks: -1, messages });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
  }

  private async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }
}

function messageOf(event: CloudEvent): Message {
  return { key: event.subject ?? event.id, value: JSON.stringify(event), headers: { "content-type": "application/cloudevents+json" } };
}
