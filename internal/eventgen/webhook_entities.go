package eventgen

import "strconv"

// The objects webhook events embed, written as their GETs return them.

// appendPayment appends the payment an event is about, in the state its
// type names.
func (g *generator) appendPayment(b []byte, w *webhookEvent) []byte {
	r := g.r
	created := w.sec - 30 - r.Int64N(600)
	b = append(b, `{"resource":"payment","id":"tr_`...)
	b = append(b, w.entity[:]...)
	b = append(b, `","mode":"live","createdAt":"`...)
	b = appendTime(b, created, 0, formUTCOffset)
	b = append(b, `","amount":`...)
	b = appendAmount(b, w.cents, w.currency, false)
	b = append(b, `,"description":"Order #`...)
	b = strconv.AppendInt(b, int64(w.order), 10)
	b = append(b, `","method":"`...)
	b = append(b, w.method...)
	b = append(b, `","metadata":{"order_id":"`...)
	b = strconv.AppendInt(b, int64(w.order), 10)
	b = append(b, `"},"status":"`...)
	b = append(b, w.typ.status...)
	b = append(b, '"')
	if w.typ.status != "pending" && w.typ.status != "open" {
		b = append(b, `,"`...)
		b = append(b, w.typ.status...)
		b = append(b, `At":"`...)
		b = appendTime(b, w.sec, 0, formUTCOffset)
		b = append(b, '"')
	}
	if w.typ.status == "paid" {
		b = append(b, `,"amountRefunded":`...)
		b = appendAmount(b, 0, w.currency, false)
		b = append(b, `,"amountRemaining":`...)
		b = appendAmount(b, w.cents, w.currency, false)
		b = append(b, `,"settlementAmount":`...)
		b = appendAmount(b, w.cents, "EUR", false)
	}
	b = append(b, `,"locale":"`...)
	b = append(b, Locale(r)...)
	b = append(b, `","countryCode":"NL","profileId":"pfl_QkEhN94Ba","sequenceType":"oneoff","redirectUrl":"https://shop.example.org/order/`...)
	b = strconv.AppendInt(b, int64(w.order), 10)
	b = append(b, `/return","webhookUrl":"https://shop.example.org/mollie/webhook"`...)
	b = g.appendDetails(b, w)
	return g.appendEntityLinks(b, w, "get-payment")
}

// appendDetails appends a payment's method details: the consumer's
// account, or the card, and why a card payment failed.
func (g *generator) appendDetails(b []byte, w *webhookEvent) []byte {
	r := g.r
	name, _ := Person(r)
	switch {
	case w.method == "creditcard":
		b = append(b, `,"details":{"cardNumber":"`...)
		b = appendDigits(b, r.IntN(10000), 4)
		b = append(b, `","cardHolder":`...)
		b = appendString(b, name)
		b = append(b, `,"cardAudience":"consumer","cardLabel":"Mastercard","cardCountryCode":"NL","cardSecurity":"normal","feeRegion":"intra-eu"`...)
		if w.typ.status == "failed" {
			f := failures[r.IntN(len(failures))]
			b = append(b, `,"failureReason":"`...)
			b = append(b, f.reason...)
			b = append(b, `","failureMessage":"`...)
			b = append(b, f.message...)
			b = append(b, '"')
		}
		return append(b, '}')
	case w.typ.status == "paid" && (w.method == "ideal" || w.method == "bancontact" || w.method == "banktransfer"):
		b = append(b, `,"details":{"consumerName":`...)
		b = appendString(b, name)
		b = append(b, `,"consumerAccount":"NL`...)
		b = appendDigits(b, 10+r.IntN(90), 2)
		b = append(b, `INGB`...)
		b = appendDigits(b, r.IntN(100_000), 5)
		b = appendDigits(b, r.IntN(100_000), 5)
		return append(b, `","consumerBic":"INGBNL2A"}`...)
	}
	return b
}

// appendRefund appends the refund an event is about.
func (g *generator) appendRefund(b []byte, w *webhookEvent) []byte {
	cents := max(w.cents/(1+g.r.IntN(3)), 1)
	b = append(b, `{"resource":"refund","id":"re_`...)
	b = append(b, w.entity[:]...)
	b = append(b, `","amount":`...)
	b = appendAmount(b, cents, w.currency, false)
	b = append(b, `,"status":"`...)
	b = append(b, w.typ.status...)
	b = append(b, `","createdAt":"`...)
	b = appendTime(b, w.sec-5, 0, formUTCOffset)
	b = append(b, `","description":"Refund for order #`...)
	b = strconv.AppendInt(b, int64(w.order), 10)
	b = append(b, `","metadata":null,"paymentId":"tr_`...)
	b = append(b, w.payment[:]...)
	b = append(b, `","settlementAmount":`...)
	b = appendAmount(b, cents, "EUR", true)
	return g.appendEntityLinks(b, w, "get-refund")
}

// appendChargeback appends the chargeback an event is about.
func (g *generator) appendChargeback(b []byte, w *webhookEvent) []byte {
	reason := chargebackReasons[g.r.IntN(len(chargebackReasons))]
	b = append(b, `{"resource":"chargeback","id":"chb_`...)
	b = append(b, w.entity[:]...)
	b = append(b, `","amount":`...)
	b = appendAmount(b, w.cents, w.currency, false)
	b = append(b, `,"settlementAmount":`...)
	b = appendAmount(b, w.cents, "EUR", true)
	b = append(b, `,"createdAt":"`...)
	b = appendTime(b, w.sec, 0, formUTCOffset)
	b = append(b, `","reason":{"code":"`...)
	b = append(b, reason.code...)
	b = append(b, `","description":"`...)
	b = append(b, reason.description...)
	b = append(b, `"},"reversedAt":`...)
	if w.typ.name == "chargeback.reversed" {
		b = append(b, '"')
		b = appendTime(b, w.sec, 0, formUTCOffset)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = append(b, `,"paymentId":"tr_`...)
	b = append(b, w.payment[:]...)
	b = append(b, '"')
	return g.appendEntityLinks(b, w, "get-chargeback")
}
