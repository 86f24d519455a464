SIP/2.0 200 OK
Content-Type: text/plain
Content-Length: 11

Hi There!
