package io.vstack.dpdk;

/**
 * Offsets and sizes of the DPDK 22.11 (x86_64) ethdev, mbuf and mempool structs that vstack reads
 * or writes directly. One source of truth: {@code DpdkLayoutTest} compiles a C program against
 * libdpdk-dev that prints {@code offsetof}/{@code sizeof} for each and compares.
 */
final class DpdkLayout {
  private DpdkLayout() {}

  static final int MAX_ETHPORTS = 32;
  static final int MAX_QUEUES_PER_PORT = 1024;
  static final int ETH_NAME_MAX_LEN = 64;

  // struct rte_eth_fp_ops (one cache-aligned entry per port in the exported array)
  static final long FP_OPS_SIZE = 128;
  static final long FP_OPS_RX_PKT_BURST = 0;
  static final long FP_OPS_RXQ_DATA = 24;
  static final long FP_OPS_RXQ_CLBK = 32;
  static final long FP_OPS_TX_PKT_BURST = 64;
  static final long FP_OPS_TXQ_DATA = 88;
  static final long FP_OPS_TXQ_CLBK = 96;

  // struct rte_mbuf (first cache line and next pointer)
  static final long MBUF_BUF_ADDR = 0;
  static final long MBUF_DATA_OFF = 16;
  static final long MBUF_NB_SEGS = 20;
  static final long MBUF_OL_FLAGS = 24;
  static final long MBUF_PKT_LEN = 36;
  static final long MBUF_DATA_LEN = 40;
  static final long MBUF_HASH = 44;
  static final long MBUF_BUF_LEN = 54;
  static final long MBUF_NEXT = 64;
  static final int PKTMBUF_HEADROOM = 128;
  static final int MBUF_DEFAULT_BUF_SIZE = 2048 + PKTMBUF_HEADROOM;

  /** ol_flags bit: hash.fdir.hi holds the MARK id (RTE_MBUF_F_RX_FDIR_ID). */
  static final long MBUF_F_RX_FDIR_ID = 1L << 13;

  /** hash.fdir.hi: where a flow rule's MARK id lands. */
  static final long MBUF_FDIR_HI = MBUF_HASH + 4;

  // struct rte_eth_dev_info
  static final long DEV_INFO_SIZE = 376;
  static final long DEV_INFO_DRIVER_NAME = 8;
  static final long DEV_INFO_IF_INDEX = 16;
  static final long DEV_INFO_MIN_MTU = 20;
  static final long DEV_INFO_MAX_MTU = 22;
  static final long DEV_INFO_MAX_RX_PKTLEN = 36;
  static final long DEV_INFO_MAX_RX_QUEUES = 44;
  static final long DEV_INFO_MAX_TX_QUEUES = 46;
  static final long DEV_INFO_RETA_SIZE = 104;
  static final long DEV_INFO_HASH_KEY_SIZE = 106;
  static final long DEV_INFO_FLOW_TYPE_RSS_OFFLOADS = 112;
  static final long DEV_INFO_NB_RX_QUEUES = 288;
  static final long DEV_INFO_NB_TX_QUEUES = 290;

  // struct rte_eth_conf (zeroed except what we set)
  static final long ETH_CONF_SIZE = 2272;
  static final long ETH_CONF_RXMODE_MQ_MODE = 8;
  static final long ETH_CONF_RSS_CONF = 128;
  // struct rte_eth_rss_conf
  static final long RSS_CONF_KEY_LEN = 8;
  static final long RSS_CONF_RSS_HF = 16;
  static final int ETH_MQ_RX_RSS = 1;

  // struct rte_eth_stats
  static final long STATS_SIZE = 704;
  static final long STATS_IPACKETS = 0;
  static final long STATS_OPACKETS = 8;
  static final long STATS_IBYTES = 16;
  static final long STATS_OBYTES = 24;
  static final long STATS_IMISSED = 32;
  static final long STATS_IERRORS = 40;
  static final long STATS_OERRORS = 48;
  static final long STATS_RX_NOMBUF = 56;

  // struct rte_eth_link: uint32_t speed, then bit-fields duplex:1, autoneg:1, status:1
  static final long LINK_SIZE = 8;
  static final long LINK_SPEED = 0;
  static final long LINK_FLAGS = 4;
  static final int LINK_DUPLEX_BIT = 1;
  static final int LINK_AUTONEG_BIT = 2;
  static final int LINK_STATUS_BIT = 4;

  // struct rte_eth_rss_reta_entry64: uint64_t mask; uint16_t reta[64]
  static final long RETA_ENTRY_SIZE = 136;
  static final long RETA_ENTRY_RETA = 8;
  static final int RETA_GROUP_SIZE = 64;
}
