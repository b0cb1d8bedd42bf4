/**
 * The internet hosts a task may reach when its VPC lets it, and what each answers: the harness
 * serves them itself (internet-fixture.ts), so tasks never reach the real internet.
 */
export interface InternetHost {
  /** The host name, as a URL and a certificate name it. */
  name: string;
  /**
   * The public address the harness gives the name (from 203.0.113.0/24, TEST-NET-3, documentation
   * only): the network model matches routes and rules against it, and a task that resolves the
   * name gets it. No real address is involved.
   */
  address: string;
  port: 443;
  /** Path → the JSON the real site answers with 200 there. */
  resources: Record<string, unknown>;
  /** What the real site answers for a path it does not have (with 404). */
  notFound: unknown;
}

export const JSONPLACEHOLDER_HOST = 'jsonplaceholder.typicode.com';
/** The public address the harness gives jsonplaceholder.typicode.com. */
export const JSONPLACEHOLDER_ADDRESS = '203.0.113.10';

/** The article's todo, exactly as jsonplaceholder answers it. */
export const TODO_URL = `https://${JSONPLACEHOLDER_HOST}/todos/1`;
export const TODO = { userId: 1, id: 1, title: 'delectus aut autem', completed: false };

export const INTERNET_HOSTS: readonly InternetHost[] = [
  { name: JSONPLACEHOLDER_HOST, address: JSONPLACEHOLDER_ADDRESS, port: 443, resources: { '/todos/1': TODO }, notFound: {} },
];
