import { refuseInvalidFargateRegistration } from '../../harness/gateway/fargate-registration';
import type { Operation } from '../../harness/gateway/operation';

const register: Operation = { service: 'ecs', name: 'RegisterTaskDefinition', protocol: 'json' };
const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const fargate = { family: 'web', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', containerDefinitions: [{ name: 'app', image: 'web:1' }] };

describe('the gateway judges a Fargate RegisterTaskDefinition', () => {
  test("a refusal is ECS's JSON error: HTTP 400, __type ClientException, ECS's message, and the explanation in both languages", () => {
    const refused = refuseInvalidFargateRegistration(register, body({ ...fargate, cpu: '512', memory: '512' }));
    expect(refused?.response.status).toBe(400);
    expect(refused?.response.headers['x-amzn-errortype']).toBe('ClientException');
    expect(JSON.parse(refused!.response.body)).toEqual({
      __type: 'ClientException',
      message: 'No Fargate configuration exists for given values: 512 CPU, 512 memory. See the Amazon ECS documentation for the valid values.',
    });
    expect(refused?.errorCode).toBe('ClientException');
    expect(refused?.explanation.ja).toMatch(/^指定された値に一致する Fargate の構成がありません: CPU 512、メモリ 512。.*CPU 512 ユニットのとき、Fargate で使えるメモリは 1024, 2048, 3072 または 4096 MiB です。/);
  });

  test('cpu and memory sent as numbers are read as the API reads its strings', () => {
    expect(refuseInvalidFargateRegistration(register, body({ ...fargate, cpu: 256, memory: 4096 }))?.response.body).toContain('256 CPU, 4096 memory');
    expect(refuseInvalidFargateRegistration(register, body({ ...fargate, cpu: 256, memory: 512 }))).toBeUndefined();
  });

  test.each<[string, Operation, Buffer]>([
    ['another operation', { ...register, name: 'RunTask' }, body({ ...fargate, cpu: '512', memory: '512' })],
    ['another service', { ...register, service: 'ecr' }, body({ ...fargate, cpu: '512', memory: '512' })],
    ['a body that is not JSON', register, body('{"family":')],
    ['containerDefinitions that are not a list', register, body({ ...fargate, cpu: '512', memory: '512', containerDefinitions: 'app' })],
    ['an image that is not a string', register, body({ ...fargate, cpu: '256', memory: '512', containerDefinitions: [{ name: 'app', image: 7 }] })],
  ])('%s is left to the backend', (_name, operation, request) => {
    expect(refuseInvalidFargateRegistration(operation, request)).toBeUndefined();
  });
});
