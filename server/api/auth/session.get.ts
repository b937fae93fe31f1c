export default defineEventHandler(async (event) => {
  const user = await requireSessionUser(event)
  return { user: publicUser(user) }
})
