import { v1MethodNotAllowed } from '#server/v1'

export default v1MethodNotAllowed('DELETE')
