import { execFileSync } from 'node:child_process';

/**
 * The HTTP and start-up tests run the real Remix build: build it once per run, so that tests
 * never run against a stale build.
 */
export default function setup() {
  execFileSync('npx', ['remix', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
