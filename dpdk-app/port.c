/* sipwire-dp: port setup.
 *
 * One rx/tx queue pair per worker lcore. RSS spreads flows over the queues
 * when the device offers it; a device with fewer queues than workers (the
 * pcap PMD has one per rx_pcap= file) gets as many as it has, and the
 * workers without a queue on any port stay idle. Checksum offloads are
 * enabled when the device has them; otherwise the worker fixes checksums in
 * software.
 */
#include <rte_ethdev.h>

#include "app.h"

#define RX_DESC 1024
#define TX_DESC 1024

/* A Toeplitz key made of one repeated 16-bit pattern hashes (a, b) and
 * (b, a) alike (Woo and Park, "Scalable TCP Session Monitoring with
 * Symmetric Receive-side Scaling", 2012): a REGISTER and its 2xx reach the
 * same lcore, which the reg-event mirror's per-lcore cache relies on.
 * `key` (52 bytes) only has to live until rte_eth_dev_configure copied it. */
static void
rss_conf(const struct rte_eth_dev_info *info, uint16_t nb_q, struct rte_eth_conf *conf,
	 uint8_t key[52])
{
	uint64_t want = RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP;

	if (nb_q < 2 || (info->flow_type_rss_offloads & want) == 0)
		return;
	conf->rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf->rx_adv_conf.rss_conf.rss_key = NULL; /* the driver's default key */
	if (info->hash_key_size != 0 && info->hash_key_size <= 52) {
		for (unsigned i = 0; i < 52; i += 2) {
			key[i] = 0x6d;
			key[i + 1] = 0x5a;
		}
		conf->rx_adv_conf.rss_conf.rss_key = key;
		conf->rx_adv_conf.rss_conf.rss_key_len = info->hash_key_size;
	}
	/* hash on addresses and UDP ports: one SIP flow stays on one lcore */
	conf->rx_adv_conf.rss_conf.rss_hf = info->flow_type_rss_offloads & want;
}

int
app_port_init(uint16_t port, uint16_t nb_q, struct app_config *cfg)
{
	struct rte_eth_conf conf;
	struct rte_eth_dev_info info;
	uint8_t rss_key[52];
	uint64_t csum = RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM;
	int rc;

	memset(&conf, 0, sizeof(conf));
	if ((rc = rte_eth_dev_info_get(port, &info)) != 0)
		return rc;
	if (info.max_tx_queues < info.max_rx_queues)
		info.max_rx_queues = info.max_tx_queues;
	nb_q = RTE_MIN(nb_q, info.max_rx_queues);
	if (nb_q == 0)
		return -EINVAL;
	rss_conf(&info, nb_q, &conf, rss_key);
	if ((info.tx_offload_capa & csum) == csum)
		conf.txmode.offloads = csum;
	if (info.tx_offload_capa & RTE_ETH_TX_OFFLOAD_MULTI_SEGS)
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	if ((rc = rte_eth_dev_configure(port, nb_q, nb_q, &conf)) != 0)
		return rc;
	for (uint16_t q = 0; q < nb_q; q++) {
		struct rte_eth_txconf txc = info.default_txconf;

		txc.offloads = conf.txmode.offloads;
		rc = rte_eth_rx_queue_setup(port, q, RX_DESC, rte_eth_dev_socket_id(port), NULL,
					    cfg->pool);
		if (rc != 0)
			return rc;
		rc = rte_eth_tx_queue_setup(port, q, TX_DESC, rte_eth_dev_socket_id(port), &txc);
		if (rc != 0)
			return rc;
	}
	if ((rc = rte_eth_dev_start(port)) != 0)
		return rc;
	/* the pcap and null PMDs do not know promiscuous mode: not an error */
	(void)rte_eth_promiscuous_enable(port);
	if (rte_eth_dev_get_mtu(port, &cfg->mtu[port]) != 0 || cfg->mtu[port] < 576)
		cfg->mtu[port] = RTE_ETHER_MTU;
	cfg->nb_queues[port] = nb_q;
	cfg->tx_offloads[port] = conf.txmode.offloads & csum;
	return 0;
}

void
app_port_close(uint16_t port)
{
	/* stop then close: the pcap PMD's infinite_rx ring gives its mbufs back
	 * on close, which the pool check at exit relies on */
	(void)rte_eth_dev_stop(port);
	(void)rte_eth_dev_close(port);
}
