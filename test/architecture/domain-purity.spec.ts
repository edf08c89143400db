import { ESLint } from 'eslint';

const lint = async (filePath: string, code: string): Promise<string[]> => {
  const [result] = await new ESLint({ cwd: process.cwd() }).lintText(code, { filePath });
  return result!.messages.map((m) => m.message);
};

describe('the purity rule of libs/domain and libs/events', () => {
  it.each([
    ["import { Injectable } from '@nestjs/common';", 'Nest'],
    ["import { Pool } from 'pg';", 'database'],
    ["import { readFileSync } from 'node:fs';", 'I/O'],
    ['export const port = process.env.PORT;', 'environment'],
    ['export const now = Date.now();', 'clock'],
    ['export const now = new Date();', 'clock'],
    ['export const id = crypto.randomUUID();', 'randomness'],
  ])('given `%s` in libs/domain, then lint reports the %s', async (code, what) => {
    const messages = await lint('libs/domain/src/example.ts', `${code}\n`);
    expect(messages.join('\n')).toMatch(new RegExp(what, 'i'));
  });

  it('given the same import in libs/events, then lint reports it too', async () => {
    expect(await lint('libs/events/src/example.ts', "import { Kafka } from 'kafkajs';\nexport const k = Kafka;\n")).not.toEqual([]);
  });

  it('given pure code, then lint reports nothing', async () => {
    expect(await lint('libs/domain/src/example.ts', "export const at = (iso: string): number => Date.parse(iso);\n")).toEqual([]);
  });
});
