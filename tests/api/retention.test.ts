import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/client'
import { createChat, createProject } from '../helpers/fixtures'

// The retention policy's cookie routes (docs/api.md, "Retention policies"). What the sweep deletes
// is in tests/db/retention.test.ts (it needs chats older than today).

describe('…/projects/[project_id]/retention', () => {
  it('is off by default; PUT sets 1–3650 days or null (off); GET reads it back', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const path = `/api/users/${user.id}/projects/${project.id}/retention`
    expect((await user.call('GET', path)).body).toEqual({ retention: { days: null, last_run: null } })
    const set = await user.call('PUT', path, { json: { days: 90 } })
    expect(set.status).toBe(200)
    expect(set.body).toEqual({ retention: { days: 90, last_run: null } })
    expect((await user.call('GET', path)).body).toEqual({ retention: { days: 90, last_run: null } })
    expect((await user.call('PUT', path, { json: { days: 3650 } })).body.retention.days).toBe(3650)
    expect((await user.call('PUT', path, { json: { days: null } })).body).toEqual({ retention: { days: null, last_run: null } })
    expect((await user.call('GET', path)).body.retention.days).toBeNull()
  })

  it('bad days are 400s that change nothing; another user\'s project is a 404, another user\'s path a 401', async () => {
    const user = await signUp()
    const project = await createProject(user)
    const path = `/api/users/${user.id}/projects/${project.id}/retention`
    await user.call('PUT', path, { json: { days: 30 } })
    for (const body of [{ days: 0 }, { days: 3651 }, { days: 1.5 }, { days: '30' }, {}, { days: 30, extra: 1 }]) {
      const response = await user.call('PUT', path, { json: body })
      expect(response.status, JSON.stringify(body)).toBe(400)
    }
    expect((await user.call('PUT', path, { raw: '{' })).status).toBe(400)
    expect((await user.call('GET', path)).body.retention.days).toBe(30)
    for (const query of ['', '?days=0', '?days=3651', '?days=abc', '?days=1.5']) {
      expect((await user.call('GET', `${path}/preview${query}`)).status, query).toBe(400)
    }
    const stranger = await signUp()
    const strangersPath = `/api/users/${stranger.id}/projects/${project.id}/retention`
    expect((await stranger.call('GET', strangersPath)).status).toBe(404)
    expect((await stranger.call('PUT', strangersPath, { json: { days: 1 } })).status).toBe(404)
    expect((await stranger.call('GET', `${strangersPath}/preview?days=1`)).status).toBe(404)
    expect((await stranger.call('GET', path)).status).toBe(401)
    expect((await user.call('GET', path)).body.retention.days).toBe(30)
  })

  it('preview: what the policy would delete now, with kept and live counts (chats of today: none)', async () => {
    const user = await signUp()
    const project = await createProject(user)
    await createChat(user, project.id)
    const response = await user.call('GET', `/api/users/${user.id}/projects/${project.id}/retention/preview?days=1`)
    expect(response.status).toBe(200)
    expect(response.body).toEqual({ preview: { days: 1, would_delete: 0, kept: 0, live: 0 } })
  })
})
