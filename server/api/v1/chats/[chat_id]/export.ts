export default v1MethodNotAllowed('GET')
