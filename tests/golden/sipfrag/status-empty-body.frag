SIP/2.0 180 Ringing
Content-Length: 0

