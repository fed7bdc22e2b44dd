// DynamoDB Local needs Java: the local system says how to install it when it is missing.
import { afterEach, describe, expect, it } from 'vitest';
import { checkJava } from '../../scripts/local/dynamodb-local';

const path = process.env.PATH;
afterEach(() => {
  process.env.PATH = path;
});

describe('checkJava', () => {
  it('explains how to install Java when java is not on PATH', () => {
    process.env.PATH = '/nonexistent';
    expect(() => checkJava()).toThrow(
      /needs Java 17 or newer, and `java` was not found on PATH[\s\S]*apt-get install -y openjdk-17-jre-headless/,
    );
  });

  it('passes on this machine, which runs DynamoDB Local for the other tests', () => {
    expect(() => checkJava()).not.toThrow();
  });
});
