import { CHAT_MODELS } from '../../shared/utils/models'
import type { MessageActor } from './schema'

export const DEMO_ACCOUNT = { email: 'demo@neptun.dev', password: 'neptun-demo-2026' }

export interface DemoMessage { actor: MessageActor, message: string, at: Date }
export interface DemoChat { name: string, model: string, createdAt: Date, updatedAt: Date, messages: DemoMessage[] }
export interface DemoProject { name: string, description: string, chats: DemoChat[] }

const PLATFORM_CHATS = [
  'Terraform drift in prod VPC', 'Kubernetes pod stuck in CrashLoopBackOff', 'Helm chart values for staging',
  'Migrate Jenkins pipelines to GitHub Actions', 'Nginx ingress 502 after upgrade', 'Rotate AWS IAM access keys',
  'Prometheus alert for disk pressure', 'Grafana dashboard for p99 latency', 'ArgoCD sync fails on CRDs',
  'Docker image size from 1.2 GB to 200 MB', 'Postgres connection pool exhaustion', 'Set up Vault for secrets',
  'Blue-green deploy on ECS', 'cert-manager Let\'s Encrypt renewal', 'Karpenter node provisioning',
  'Terraform state lock stuck in DynamoDB', 'Istio mTLS between namespaces', 'Loki log retention costs',
  'Autoscaling on custom metrics', 'CoreDNS timeouts under load', 'OOMKilled Java service limits',
]
const DELIVERY_CHATS = [
  'GitLab CI cache not restored', 'Ansible playbook idempotency', 'Semantic versioning for monorepo',
  'Canary releases with Flagger', 'Pre-commit hooks for Terraform', 'Build matrix for Node 20 and 22',
  'SBOM generation with Syft', 'Trivy scan blocks the pipeline', 'Artifact retention policy',
  'Self-hosted runners on spot instances', 'Flaky integration tests in CI', 'Release notes from conventional commits',
  'Secrets in GitHub Actions environments', 'Docker layer caching with BuildKit', 'Dependabot auto-merge rules',
  'Rollback strategy for database migrations', 'Smoke tests after deploy', 'Bazel remote cache setup',
  'Makefile vs Taskfile',
]

const PROMPTS = [
  'How do I find out why this happens?', 'Can you show me a minimal config for this?', 'What would you check first?',
  'Is there a safer way to roll this out?', 'Can you explain the error message?', 'How do I automate this in CI?',
]
const ANSWERS = [
  'Start with the events and logs:\n\n```bash\nkubectl describe pod <name>\nkubectl logs <name> --previous\n```\n\nThe **last state** usually names the cause.',
  'A minimal version looks like this:\n\n```yaml\nresources:\n  requests:\n    memory: 256Mi\n  limits:\n    memory: 512Mi\n```\n\nRaise the limit only after you have looked at the actual usage.',
  'Check, in order:\n\n1. recent changes (`git log --since=yesterday`)\n2. the metrics around the incident\n3. the dependency versions',
  'Roll it out behind a flag, to **one** environment first, and keep the previous version ready to restore.',
  'That message means the process could not reach its dependency in time. Look at `timeout` settings and DNS resolution.',
  'Add a job to the pipeline:\n\n```yaml\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make check\n```',
]

/** A small deterministic generator, so every demo database looks the same. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

const HOUR = 3_600_000

function demoChats(names: string[], now: number, seed: number): DemoChat[] {
  const next = random(seed)
  return names.map((name, index) => {
    const createdAt = new Date(now - Math.floor(next() * 90 * 24) * HOUR - index * 1000)
    const length = index % 7 === 0 ? 0 : Math.floor(next() * 30) + 1
    const messages: DemoMessage[] = [{ actor: 'system', message: 'You are Neptun, an assistant for DevOps engineers.', at: createdAt }]
    for (let i = 0; i < length; i++) {
      const actor: MessageActor = i % 2 === 0 ? 'user' : 'assistant'
      const pool = actor === 'user' ? PROMPTS : ANSWERS
      messages.push({ actor, message: i === 0 ? `${name}: ${pool[0]}` : pool[Math.floor(next() * pool.length)]!, at: new Date(createdAt.getTime() + (i + 1) * 60_000) })
    }
    // Some chats end with an unanswered prompt, as after a failed generation.
    if (index % 5 === 2 && length > 0 && messages.at(-1)!.actor === 'assistant') {
      messages.push({ actor: 'user', message: 'And what if that does not work either?', at: new Date(messages.at(-1)!.at.getTime() + 60_000) })
    }
    const chatMessages = length === 0 ? [] : messages
    return {
      name,
      model: CHAT_MODELS[Math.floor(next() * CHAT_MODELS.length)]!,
      createdAt,
      updatedAt: chatMessages.at(-1)?.at ?? createdAt,
      messages: chatMessages,
    }
  })
}

export function demoProjects(now: number): DemoProject[] {
  return [
    { name: 'Platform operations', description: 'Clusters, networking and incidents', chats: demoChats(PLATFORM_CHATS, now, 7) },
    { name: 'Delivery pipelines', description: 'CI/CD, releases and supply chain', chats: demoChats(DELIVERY_CHATS, now, 11) },
  ]
}
