import { JSONPLACEHOLDER_ADDRESS, JSONPLACEHOLDER_HOST, TODO, TODO_URL } from '../network/internet-hosts';

/** What the sample fetches, the address the harness's internet gives its host, and the todo's title: for kata checks and messages. */
export const SAMPLE_TODO = { url: TODO_URL, host: JSONPLACEHOLDER_HOST, address: JSONPLACEHOLDER_ADDRESS, title: TODO.title } as const;
