// Any /api/* path no route serves: a JSON 404 straight away (Nuxt would otherwise render its error page).
export default defineEventHandler(() => {
  throw createError({ statusCode: 404, statusMessage: 'Not Found', message: 'No such API route' })
})
