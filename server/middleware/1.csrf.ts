// Cross-site request forgery: the session cookie is SameSite=Lax, which still lets a sibling
// subdomain or an old browser through, so a state-changing request from another site is refused
// before any route runs. curl and other non-browser clients send neither header and pass.
export default defineEventHandler((event) => {
  if (needsSameOrigin(event) && isCrossSiteRequest(event)) throw forbidden('Cross-site request refused')
})
