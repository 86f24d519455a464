From: Alice <sip:alice@atlanta.com>
Call-ID: a84b4c76e66710
