import FleetCore

/// The USB miners and reset relays the agent recognizes: `corpus/devices/usb/usb-device-ids.csv` (sources in
/// its SOURCE.md: cgminer's `usbutils.c` tables, bfgminer, relay drivers), embedded byte for byte.
/// Columns: vid, pid, iManufacturer, iProduct (empty = not compared), device, category, cgminer name, source.
enum USBDeviceIDs {
    static let csv = #"""
        vid,pid,iManufacturer,iProduct,device,category,cgminer_name,source
        10c4,ea60,GekkoScience,Compac BM1384 Bitcoin Miner,GekkoScience Compac (BM1384),usb-miner,GSC,kanoi/cgminer usbutils.c find_dev[] (USE_GEKKO); also ckolivas/cgminer (USE_ICARUS)
        10c4,ea60,GekkoScience,2Pac BM1384 Bitcoin Miner,GekkoScience 2Pac (BM1384),usb-miner,GSD,kanoi/cgminer usbutils.c
        10c4,ea60,GekkoScience,Terminus BM1384 Bitcoin Miner,GekkoScience Terminus (BM1384),usb-miner,GSE,kanoi/cgminer usbutils.c
        10c4,ea60,bitshopperde,Compac BM1384 Bitcoin Miner,bitshopper.de Compac,usb-miner,BSC,kanoi/cgminer usbutils.c
        10c4,ea60,bitshopperde,2Pac BM1384 Bitcoin Miner,bitshopper.de 2Pac,usb-miner,BSD,kanoi/cgminer usbutils.c
        10c4,ea60,bitshopperde,Terminus BM1384 Bitcoin Miner,bitshopper.de Terminus,usb-miner,BSE,kanoi/cgminer usbutils.c
        0403,6015,GekkoScience,NewPac Bitcoin Miner,GekkoScience NewPac (BM1387),usb-miner,GSH,kanoi/cgminer usbutils.c
        0403,6015,GekkoScience,R606 Bitcoin Miner,GekkoScience R606,usb-miner,GSI,kanoi/cgminer usbutils.c
        0403,6015,GekkoScience,CompacF Bitcoin Miner,GekkoScience Compac F (BM1397),usb-miner,GSF,kanoi/cgminer usbutils.c
        0403,6015,GekkoScience,R909 Bitcoin Miner,GekkoScience R909,usb-miner,GSF (IDENT_GSFM),kanoi/cgminer usbutils.c
        10c4,ea70,Silicon Labs,GekkoScience Compac A1,GekkoScience Compac A1,usb-miner,GSA,kanoi/cgminer usbutils.c
        10c4,ea70,Silicon Labs,GekkoScience Terminus A1,GekkoScience Terminus A1,usb-miner,GSA,kanoi/cgminer usbutils.c
        10c4,ea70,Silicon Labs,GekkoScience Compac A2,GekkoScience Compac A2,usb-miner,GSA,kanoi/cgminer usbutils.c
        10c4,ea70,Silicon Labs,GekkoScience Terminus A2,GekkoScience Terminus A2,usb-miner,GSA,kanoi/cgminer usbutils.c
        04d8,00de,Microchip Technology Inc.,MCP2210 USB to SPI Master,GekkoScience device using MCP2210 (GSK),usb-miner,GSK,kanoi/cgminer usbutils.c
        10c4,ea60,,,Bitmain AntMiner U1/U2/U2+ (no strings matched; cgminer probes),usb-miner,AMU/ANU,ckolivas/cgminer usbutils.c (USE_ICARUS) + ASIC-README "ANU: Antminer U1/U2/U2+"
        10c4,ea60,,,Bitmain AntMiner U3,usb-miner,ANU (reports as AU3),ckolivas/cgminer usbutils.c + ASIC-README "AU3: Antminer U3"
        10c4,ea60,,,Blockerupter (BET),usb-miner,BET,ckolivas/cgminer usbutils.c
        10c4,ea60,,,LIN (icarus-family CP2102 device),usb-miner,LIN,ckolivas/cgminer usbutils.c
        10c4,ea60,Silicon Labs,VoltLink CP2102N USB to UART Bridge,FLX (flow/bzm2),usb-miner,FLX,kanoi/cgminer usbutils.c (USE_FLOW)
        29f1,33f3,CANAAN,Avalon nano,Canaan Avalon nano USB stick,usb-miner,AV3U,ckolivas/cgminer usbutils.c (USE_AVALON_MINER)
        29f1,40f1,CANAAN,Avalon4 mini,Canaan Avalon4 mini,usb-miner,AV4M,ckolivas/cgminer usbutils.c
        29f1,33f2,CANAAN,USB2IIC Converter,Canaan Avalon 4/6/7/8 controller (AUC),usb-miner,AV4/AV7/AV8,ckolivas/cgminer usbutils.c
        067b,2303,,,Prolific PL2303: Icarus / Avalon2,usb-miner,ICA/AV2,ckolivas/cgminer usbutils.c
        1fc9,0083,,,NXP LPC: Icarus-compatible (ident AVA),usb-miner,ICA,ckolivas/cgminer usbutils.c
        0403,6001,,FT232R USB UART,BlueFury/generic FT232R (BLT),usb-miner,BLT,ckolivas/cgminer usbutils.c
        0403,6001,Burnin Electronics,BitBurner,BitBurner (Avalon),usb-miner,BTB,ckolivas/cgminer usbutils.c
        0403,6014,Butterfly Labs Inc.,BitFORCE SHA256,BFL BitFORCE,usb-miner,BFL,ckolivas/cgminer usbutils.c
        0403,6014,BUTTERFLY LABS,BitFORCE SHA256 SC,BFL SC,usb-miner,BAS/BMA,ckolivas/cgminer usbutils.c
        03eb,204b,,,Bitfury BF1,usb-miner,BF1,ckolivas/cgminer usbutils.c
        198c,b1f1,c-scape,bi?fury,Bi*fury,usb-miner,BXF,ckolivas/cgminer usbutils.c
        04d8,00de,,,NanoFury (MCP2210),usb-miner,NFU,ckolivas/cgminer usbutils.c
        03eb,2404,Drillbit Systems,,Drillbit Thumb/Eight,usb-miner,DRB,ckolivas/cgminer usbutils.c
        04d8,f60a,,,Klondike,usb-miner,KLN,ckolivas/cgminer usbutils.c
        1cbe,0003,,,CoinTerra,usb-miner,CTA,ckolivas/cgminer usbutils.c
        4254,4153,,,Bitmain AntMiner S1/S3 (USB link),usb-miner,ANT/AS3,ckolivas/cgminer usbutils.c
        297c,0001,HashFast LLC,M1 Module,HashFast Babyjet/Sierra,usb-miner,HFA,ckolivas/cgminer usbutils.c + hf_protocol.h
        1fc9,0003,,,ModMiner Quad (FPGA),usb-miner,MMQ,ckolivas/cgminer usbutils.c
        10c4,ea60,,,FutureBit Moonlander 2 (scrypt; Silicon Labs CP210x VCP per maintainer; VID likely - PID UNVERIFIED),usb-miner,MLD (bfgminer),luke-jr/bfgminer issues #746/#777 (jstefanop: "silicon labs driver"); bfgminer driver-futurebit.c probes via lowl-vcom (no VID/PID)
        303a,1001,Espressif,USB JTAG/serial debug unit,Bitaxe (ESP32-S3 native USB Serial/JTAG; console/flashing only - mining is over WiFi/AxeOS),usb-serial,,Espressif esptool-js ESPRESSIF_VID=0x303a; 303a:1001 "Espressif USB JTAG/serial debug unit" in probe-rs udev rules
        16c0,05df,www.dcttech.com,USBRelay2 (USBRelay1..8),dcttech HID USB relay boards (V-USB shared PID),usb-relay,,pavel-a/usb-relay-hid lib/usb_relay_hw.h; darrylb123/usbrelay 50-usbrelay.rules
        0416,5020,Nuvoton,,Sainsmart/Nuvoton 16-channel HID relay controller,usb-relay,,ondrej1024/crelay src/relay_drv_sainsmart16.c; paragi/devia supported_devices.md
        0403,6001,,,Sainsmart 4/8-channel relay board (FT245RL bit-bang),usb-relay,,ondrej1024/crelay src/relay_drv_sainsmart.c
        10c4,ea60,,,Conrad 4-channel USB relay card 393905 (CP2104 GPIO),usb-relay,,ondrej1024/crelay src/relay_drv_conrad.c
        """#
}
